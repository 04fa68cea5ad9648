#pragma once

#include "devicemodel/devicemodelentry.h"

#include <QHash>
#include <QJsonArray>
#include <QList>

namespace cb::dm {

// The device model of one station as the CSMS knows it: an ordered list of entries (report order)
// with a case-insensitive index by component/variable. 1.6 configuration keys are mapped onto the
// same structure (see the 1.6 mapping in this folder) so views, diff and profiles serve both.
class DeviceModel
{
public:
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }
    const QList<DeviceModelEntry> &entries() const { return m_entries; }
    const DeviceModelEntry &at(qsizetype index) const { return m_entries.at(index); }

    // Index of the entry for component/variable, or -1.
    qsizetype indexOf(const ComponentRef &component, const VariableRef &variable) const;
    qsizetype indexOf(const QString &entryKey) const { return m_index.value(entryKey, -1); }
    const DeviceModelEntry *find(const ComponentRef &component, const VariableRef &variable) const;

    // Adds the entry, or merges it into the existing one (attributes replaced by type,
    // characteristics replaced when given). Returns the entry's index.
    qsizetype upsert(const DeviceModelEntry &entry);
    // Sets one attribute's value (adding the attribute if the entry lacks it). False if no entry.
    bool setValue(const ComponentRef &component, const VariableRef &variable, const QString &attributeType,
                  const QString &value);
    void clear();

    // A JSON array of ReportDataType objects, and back (unknown members ignored).
    QJsonArray toJson() const;
    static DeviceModel fromJson(const QJsonArray &reportData);

    friend bool operator==(const DeviceModel &a, const DeviceModel &b) { return a.m_entries == b.m_entries; }

private:
    QList<DeviceModelEntry> m_entries;
    QHash<QString, qsizetype> m_index;
};

} // namespace cb::dm
