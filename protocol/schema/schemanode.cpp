#include "schemanode.h"

#include <QJsonArray>

namespace cb::schemanode {

QJsonObject resolve(const QJsonObject &root, const QJsonObject &node)
{
    QJsonObject n = node;
    // Bounded: the OCA schemas never chain more than a couple of references.
    for (int depth = 0; depth < 16 && n.contains(QLatin1String("$ref")); ++depth) {
        const QString ref = n.value(QLatin1String("$ref")).toString();
        if (!ref.startsWith(QLatin1String("#/")))
            return {};
        QJsonValue cur = root;
        const auto parts = QStringView(ref).mid(2).split(QLatin1Char('/'));
        for (const auto &p : parts)
            cur = cur.toObject().value(p.toString());
        n = cur.toObject();
    }
    return n;
}

QJsonObject property(const QJsonObject &root, const QJsonObject &objectNode, const QString &name)
{
    const QJsonObject props = objectNode.value(QLatin1String("properties")).toObject();
    if (!props.contains(name))
        return {};
    return resolve(root, props.value(name).toObject());
}

QJsonObject items(const QJsonObject &root, const QJsonObject &arrayNode)
{
    return resolve(root, arrayNode.value(QLatin1String("items")).toObject());
}

QJsonObject at(const QJsonObject &root, const QStringList &segments)
{
    QJsonObject node = resolve(root, root);
    for (const QString &s : segments) {
        const QString t = typeOf(node);
        if (t == QLatin1String("array"))
            node = items(root, node);
        else
            node = property(root, node, s);
        if (node.isEmpty())
            return {};
    }
    return node;
}

QString typeOf(const QJsonObject &node)
{
    const QJsonValue t = node.value(QLatin1String("type"));
    if (t.isArray())
        return t.toArray().first().toString();
    return t.toString();
}

QString jsonTypeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == double(qint64(d)) ? QStringLiteral("integer") : QStringLiteral("number");
    }
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("undefined");
}

bool isRequired(const QJsonObject &objectNode, const QString &name)
{
    return objectNode.value(QLatin1String("required")).toArray().contains(name);
}

QString pointer(const QStringList &segments)
{
    QString out;
    for (QString s : segments) {
        s.replace(QLatin1Char('~'), QLatin1String("~0"));
        s.replace(QLatin1Char('/'), QLatin1String("~1"));
        out += QLatin1Char('/') + s;
    }
    return out.isEmpty() ? QStringLiteral("/") : out;
}

} // namespace cb::schemanode
