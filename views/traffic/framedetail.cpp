#include "framedetail.h"

#include "capturetablemodel.h"
#include "composer/jsonhtml.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace cb::framedetail {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(cb::FrameDetail)
};

int payloadIndex(int messageType)
{
    switch (messageType) {
    case 2: // CALL [2, id, action, payload]
    case 6: // SEND
        return 3;
    case 3: // CALLRESULT [3, id, payload]
        return 2;
    case 4: // CALLERROR [4, id, code, description, details]
    case 5:
        return 4;
    }
    return -1;
}
} // namespace

QHash<QString, QStringList> violationMarks(const QString &problem, int messageType)
{
    QHash<QString, QStringList> marks;
    const int element = payloadIndex(messageType);
    if (element < 0 || problem.isEmpty())
        return marks;
    const QString base = QLatin1Char('/') + QString::number(element);
    for (const QString &part : problem.split(QStringLiteral("; "), Qt::SkipEmptyParts)) {
        if (!part.startsWith(QLatin1Char('/')))
            continue;
        const qsizetype colon = part.indexOf(QStringLiteral(": "));
        if (colon < 0)
            continue;
        const QString path = part.left(colon);
        const QString pointer = path == QLatin1String("/") ? base : base + path;
        marks[pointer].append(part.mid(colon + 2));
    }
    return marks;
}

QString html(const StoredCaptureRecord &stored, const FrameRow *row, const QStringList &findings)
{
    const CaptureRecord &r = stored.record;
    QStringList head;
    auto item = [&head](const QString &label, const QString &value) {
        head << QStringLiteral("<b>%1</b> %2").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    item(Text::tr("Frame"), QString::number(stored.id));
    item(Text::tr("Time (UTC)"), QDateTime::fromMSecsSinceEpoch(r.timestampUs / 1000, Qt::UTC).toString(Qt::ISODateWithMs));
    item(Text::tr("Station"), r.stationId.isEmpty() ? Text::tr("(unknown)") : r.stationId);
    item(Text::tr("Connection"), QString::number(r.connectionId));
    if (r.kind == CaptureRecord::Kind::Frame)
        item(Text::tr("Direction"), r.outgoing ? Text::tr("CSMS to charging station") : Text::tr("charging station to CSMS"));
    if (row) {
        item(Text::tr("Type"), CaptureTableModel::typeText(*row));
        if (row->latencyUs >= 0)
            item(row->isCall() ? Text::tr("Reply after") : Text::tr("Answers a CALL sent"), CaptureTableModel::latencyText(row->latencyUs) +
                                                                                  (row->isCall() ? QString() : Text::tr(" earlier")));
    }
    QString out = QStringLiteral("<div style=\"font-family:sans-serif\">") + head.join(QStringLiteral(" &nbsp; ")) + QStringLiteral("</div>");
    if (!r.problem.isEmpty())
        out += QStringLiteral("<p style=\"color:#b01c1c\"><b>%1</b> %2</p>").arg(Text::tr("Problem:").toHtmlEscaped(), r.problem.toHtmlEscaped());
    for (const QString &f : findings)
        out += QStringLiteral("<p style=\"color:#9a5200\"><b>%1</b> %2</p>").arg(Text::tr("Lint:").toHtmlEscaped(), f.toHtmlEscaped());

    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.data, &error);
    if (error.error == QJsonParseError::NoError && (doc.isArray() || doc.isObject())) {
        const QJsonValue value = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        out += jsonHtml(value, r.kind == CaptureRecord::Kind::Frame ? violationMarks(r.problem, r.messageType) : QHash<QString, QStringList>{});
    } else {
        out += QStringLiteral("<pre>") + QString::fromUtf8(r.data).toHtmlEscaped() + QStringLiteral("</pre>");
    }
    return out;
}

QString jsonText(const CaptureRecord &r)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.data, &error);
    if (error.error != QJsonParseError::NoError)
        return QString::fromUtf8(r.data);
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace cb::framedetail
