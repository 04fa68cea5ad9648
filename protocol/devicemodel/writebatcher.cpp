#include "devicemodel/writebatcher.h"

#include <QJsonDocument>

namespace cb::dm {

namespace {

std::optional<int> positive(const DeviceModel &model, const QString &variable, const QString &instance)
{
    const DeviceModelEntry *e = model.find(ComponentRef{QStringLiteral("DeviceDataCtrlr"), {}, {}, {}}, VariableRef{variable, instance});
    if (!e)
        return std::nullopt;
    const VariableAttribute *a = e->attribute(QStringLiteral("Actual"));
    if (!a || !a->value)
        return std::nullopt;
    bool ok = false;
    const int n = a->value->toInt(&ok);
    return ok && n > 0 ? std::optional<int>(n) : std::nullopt;
}

// [2,"<id>","<Action>",{...}]: the id is at most 36 characters (a UUID); the rest is measured.
qsizetype frameOverhead(const QString &action)
{
    return 2 + 1 + 38 + 1 + action.size() + 2 + 1 + 1;
}

} // namespace

WriteBatcher::Limits WriteBatcher::limitsFrom(const DeviceModel &model, const QString &instance)
{
    return Limits{positive(model, QStringLiteral("ItemsPerMessage"), instance), positive(model, QStringLiteral("BytesPerMessage"), instance)};
}

QList<QJsonObject> WriteBatcher::split(const QJsonArray &items, const QString &arrayName, const QString &action, const Limits &limits)
{
    QList<QJsonObject> out;
    // {"<arrayName>":[...]} around the items; commas between them.
    const qsizetype fixed = frameOverhead(action) + arrayName.size() + 6;
    QJsonArray current;
    qsizetype bytes = fixed;
    const auto flush = [&] {
        if (!current.isEmpty())
            out.append(QJsonObject{{arrayName, current}});
        current = QJsonArray();
        bytes = fixed;
    };
    for (const QJsonValue &item : items) {
        const qsizetype size = QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact).size();
        const qsizetype added = size + (current.isEmpty() ? 0 : 1);
        const bool tooMany = limits.itemsPerMessage && current.size() >= *limits.itemsPerMessage;
        const bool tooBig = limits.bytesPerMessage && bytes + added > *limits.bytesPerMessage;
        if (!current.isEmpty() && (tooMany || tooBig))
            flush();
        bytes += size + (current.isEmpty() ? 0 : 1);
        current.append(item);
    }
    flush();
    return out;
}

QList<QJsonObject> WriteBatcher::setVariables(const QList<WriteItem> &items, const Limits &limits)
{
    QJsonArray data;
    for (const WriteItem &i : items)
        data.append(i.toSetVariableData());
    return split(data, QStringLiteral("setVariableData"), QStringLiteral("SetVariables"), limits);
}

QList<QJsonObject> WriteBatcher::getVariables(const QList<WriteItem> &items, const Limits &limits)
{
    QJsonArray data;
    for (const WriteItem &i : items) {
        QJsonObject o{{QStringLiteral("component"), i.component.toJson()}, {QStringLiteral("variable"), i.variable.toJson()}};
        if (!i.attributeType.isEmpty() && i.attributeType != QLatin1String("Actual"))
            o.insert(QStringLiteral("attributeType"), i.attributeType);
        data.append(o);
    }
    return split(data, QStringLiteral("getVariableData"), QStringLiteral("GetVariables"), limits);
}

} // namespace cb::dm
