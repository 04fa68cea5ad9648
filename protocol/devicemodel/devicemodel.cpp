#include "devicemodel/devicemodel.h"

namespace cb::dm {

qsizetype DeviceModel::indexOf(const ComponentRef &component, const VariableRef &variable) const
{
    return m_index.value(component.key() + QLatin1Char('/') + variable.key(), -1);
}

const DeviceModelEntry *DeviceModel::find(const ComponentRef &component, const VariableRef &variable) const
{
    const qsizetype i = indexOf(component, variable);
    return i < 0 ? nullptr : &m_entries.at(i);
}

qsizetype DeviceModel::upsert(const DeviceModelEntry &entry)
{
    const QString key = entry.key();
    const auto it = m_index.constFind(key);
    if (it == m_index.constEnd()) {
        m_entries.append(entry);
        m_index.insert(key, m_entries.size() - 1);
        return m_entries.size() - 1;
    }
    DeviceModelEntry &existing = m_entries[*it];
    for (const VariableAttribute &a : entry.attributes) {
        if (VariableAttribute *old = existing.attribute(a.type))
            *old = a;
        else
            existing.attributes.append(a);
    }
    if (entry.characteristics)
        existing.characteristics = entry.characteristics;
    return *it;
}

bool DeviceModel::setValue(const ComponentRef &component, const VariableRef &variable, const QString &attributeType,
                           const QString &value)
{
    const qsizetype i = indexOf(component, variable);
    if (i < 0)
        return false;
    DeviceModelEntry &entry = m_entries[i];
    if (VariableAttribute *a = entry.attribute(attributeType)) {
        a->value = value;
    } else {
        VariableAttribute added;
        added.type = attributeType;
        added.value = value;
        entry.attributes.append(added);
    }
    return true;
}

void DeviceModel::clear()
{
    m_entries.clear();
    m_index.clear();
}

QJsonArray DeviceModel::toJson() const
{
    QJsonArray out;
    for (const DeviceModelEntry &e : m_entries)
        out.append(e.toJson());
    return out;
}

DeviceModel DeviceModel::fromJson(const QJsonArray &reportData)
{
    DeviceModel model;
    for (const QJsonValue &v : reportData)
        if (v.isObject())
            model.upsert(DeviceModelEntry::fromJson(v.toObject()));
    return model;
}

} // namespace cb::dm
