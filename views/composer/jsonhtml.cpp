#include "jsonhtml.h"

#include "schema/schemanode.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cb {

namespace {

QString span(const char *color, const QString &text)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(QLatin1String(color), text.toHtmlEscaped());
}

QString scalar(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: {
        const QByteArray quoted = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
        return span("#26734d", QString::fromUtf8(quoted.mid(1, quoted.size() - 2)));
    }
    case QJsonValue::Double: return span("#a14a00", QString::number(v.toDouble(), 'g', 15));
    case QJsonValue::Bool: return span("#613583", v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    case QJsonValue::Null: return span("#613583", QStringLiteral("null"));
    default: break;
    }
    return {};
}

struct Printer
{
    const QHash<QString, QStringList> &marks;
    QStringList lines;

    void line(const QStringList &path, int indent, const QString &html)
    {
        const QString pointer = schemanode::pointer(path);
        QString l = QString(indent * 2, QLatin1Char(' ')) + html;
        const auto it = marks.constFind(pointer);
        if (it != marks.cend())
            l = QStringLiteral("<span style=\"background-color:#ffd9d9\">%1</span>  %2")
                    .arg(l, span("#c01c28", QStringLiteral("\u2190 ") + it->join(QLatin1String("; "))));
        lines << l;
    }

    void print(const QJsonValue &v, const QStringList &path, int indent, const QString &prefix, bool comma)
    {
        const QString tail = comma ? QStringLiteral(",") : QString();
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            if (o.isEmpty()) {
                line(path, indent, prefix + QStringLiteral("{}") + tail);
                return;
            }
            line(path, indent, prefix + QStringLiteral("{"));
            int i = 0;
            for (auto it = o.begin(); it != o.end(); ++it, ++i) {
                const QString key = span("#1a4f8b", QLatin1Char('"') + it.key() + QLatin1Char('"')) + QStringLiteral(": ");
                print(it.value(), path + QStringList{it.key()}, indent + 1, key, i + 1 < o.size());
            }
            lines << QString(indent * 2, QLatin1Char(' ')) + QStringLiteral("}") + tail;
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            if (a.isEmpty()) {
                line(path, indent, prefix + QStringLiteral("[]") + tail);
                return;
            }
            line(path, indent, prefix + QStringLiteral("["));
            for (int i = 0; i < a.size(); ++i)
                print(a.at(i), path + QStringList{QString::number(i)}, indent + 1, QString(), i + 1 < a.size());
            lines << QString(indent * 2, QLatin1Char(' ')) + QStringLiteral("]") + tail;
        } else {
            line(path, indent, prefix + scalar(v) + tail);
        }
    }
};

} // namespace

QString jsonHtml(const QJsonValue &value, const QHash<QString, QStringList> &marks)
{
    Printer p{marks, {}};
    p.print(value, {}, 0, QString(), false);
    return QStringLiteral("<pre style=\"margin:0\">") + p.lines.join(QLatin1Char('\n')) + QStringLiteral("</pre>");
}

} // namespace cb
