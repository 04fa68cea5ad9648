#include "sequencediagram.h"

#include <QDateTime>
#include <QFile>
#include <QFont>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPainter>
#include <QPen>
#include <QSaveFile>

namespace cb {

namespace {
constexpr int kMargin = 16;
constexpr int kTimeColumn = 104;
constexpr int kLaneWidth = 250;
constexpr int kHeader = 44;
constexpr int kRow = 30;

const QColor kInk(0x24, 0x1f, 0x31);
const QColor kReply(0x1a, 0x4f, 0x8b);
const QColor kProblem(0xb0, 0x1c, 0x1c);
const QColor kMuted(0x77, 0x76, 0x7b);
const QColor kLaneFill(0xe8, 0xee, 0xf7);

QString svgColor(const QColor &c) { return c.name(QColor::HexRgb); }
QString num(double v) { return QString::number(v, 'f', 1); }
} // namespace

QString SequenceDiagram::replyStatus(const QJsonObject &payload)
{
    for (const char *key : {"status", "registrationStatus"}) {
        const QJsonValue v = payload.value(QLatin1String(key));
        if (v.isString())
            return v.toString();
    }
    for (const char *info : {"idTagInfo", "idTokenInfo"}) {
        const QJsonValue v = payload.value(QLatin1String(info)).toObject().value(QLatin1String("status"));
        if (v.isString())
            return v.toString();
    }
    return {};
}

QString SequenceDiagram::label(const CaptureRecord &r)
{
    switch (r.kind) {
    case CaptureRecord::Kind::ConnectionOpened: return tr("connected");
    case CaptureRecord::Kind::ConnectionClosed: return tr("connection closed");
    case CaptureRecord::Kind::Note: return tr("note");
    case CaptureRecord::Kind::Frame: break;
    }
    const QString action = r.action.isEmpty() ? tr("(unknown action)") : r.action;
    const QJsonArray a = QJsonDocument::fromJson(r.data).array();
    switch (r.messageType) {
    case 2: return action;
    case 6: return action + tr(" (SEND)");
    case 3: {
        const QString status = replyStatus(a.at(2).toObject());
        return status.isEmpty() ? QString(action + tr(" (result)")) : QString(action + QStringLiteral(": ") + status);
    }
    case 4:
    case 5: return action + QStringLiteral(": CALLERROR ") + a.at(2).toString();
    default: return tr("undecodable frame");
    }
}

SequenceDiagram SequenceDiagram::fromRecords(const QList<StoredCaptureRecord> &records)
{
    SequenceDiagram d;
    const qsizetype count = std::min<qsizetype>(records.size(), kMaxSteps);
    for (qsizetype i = 0; i < count; ++i) {
        const QString station = records.at(i).record.stationId.isEmpty() ? tr("(station)") : records.at(i).record.stationId;
        if (!d.m_lanes.contains(station))
            d.m_lanes << station;
    }
    const int lanes = int(d.m_lanes.size()) + 1;
    auto laneX = [](int lane) { return double(kMargin + kTimeColumn + kLaneWidth * lane + kLaneWidth / 2); };
    const double csmsX = laneX(lanes - 1);
    const int height = kMargin * 2 + kHeader + int(count) * kRow + 10;
    d.m_size = QSize(kMargin * 2 + kTimeColumn + kLaneWidth * lanes, height);
    d.m_steps = int(count);

    QStringList names = d.m_lanes;
    names << tr("CSMS");
    for (int i = 0; i < lanes; ++i) {
        Shape box;
        box.kind = Shape::Box;
        box.rect = QRectF(laneX(i) - 90, kMargin, 180, 28);
        box.color = kLaneFill;
        d.m_shapes << box;
        Shape name;
        name.kind = Shape::Text;
        name.rect = QRectF(laneX(i), kMargin + 19, 0, 0);
        name.text = names.at(i);
        name.color = kInk;
        name.bold = true;
        name.centred = true;
        name.fontPx = 13;
        d.m_shapes << name;
        Shape life;
        life.kind = Shape::Line;
        life.from = QPointF(laneX(i), kMargin + 28);
        life.to = QPointF(laneX(i), height - kMargin);
        life.color = kMuted;
        life.dashed = true;
        d.m_shapes << life;
    }

    for (qsizetype i = 0; i < count; ++i) {
        const CaptureRecord &r = records.at(i).record;
        const double y = kMargin + kHeader + double(i) * kRow + kRow * 0.65;
        const QString station = r.stationId.isEmpty() ? tr("(station)") : r.stationId;
        const double stationX = laneX(int(d.m_lanes.indexOf(station)));
        const bool problem = !r.problem.isEmpty();

        Shape time;
        time.kind = Shape::Text;
        time.rect = QRectF(kMargin, y + 4, 0, 0);
        time.text = QDateTime::fromMSecsSinceEpoch(r.timestampUs / 1000).toString(QStringLiteral("HH:mm:ss.zzz"));
        time.color = kMuted;
        time.fontPx = 11;
        d.m_shapes << time;

        Shape text;
        text.kind = Shape::Text;
        text.text = label(r);
        text.color = problem ? kProblem : kInk;
        text.centred = true;
        text.fontPx = 12;
        if (r.kind != CaptureRecord::Kind::Frame) {
            // Connection events sit on the station's lifeline.
            Shape box;
            box.kind = Shape::Box;
            box.rect = QRectF(stationX - 70, y - 12, 140, 18);
            box.color = QColor(0xf6, 0xf5, 0xf4);
            d.m_shapes << box;
            text.rect = QRectF(stationX, y + 1, 0, 0);
            text.color = kMuted;
            d.m_shapes << text;
            continue;
        }
        const bool reply = r.messageType >= 3 && r.messageType <= 5;
        const double fromX = r.outgoing ? csmsX : stationX;
        const double toX = r.outgoing ? stationX : csmsX;
        Shape line;
        line.kind = Shape::Line;
        line.from = QPointF(fromX, y);
        line.to = QPointF(toX + (toX > fromX ? -8 : 8), y);
        line.color = problem ? kProblem : (reply ? kReply : kInk);
        line.dashed = reply;
        d.m_shapes << line;
        Shape head;
        head.kind = Shape::Arrowhead;
        const double dir = toX > fromX ? -1 : 1;
        head.polygon = QPolygonF({QPointF(toX, y), QPointF(toX + dir * 9, y - 4.5), QPointF(toX + dir * 9, y + 4.5)});
        head.color = line.color;
        d.m_shapes << head;
        text.rect = QRectF((fromX + toX) / 2, y - 5, 0, 0);
        text.backdrop = true; // lifelines of lanes in between run behind the label, not through it
        d.m_shapes << text;
    }
    return d;
}

QStringList SequenceDiagram::labels() const
{
    QStringList out;
    for (const Shape &s : m_shapes)
        if (s.kind == Shape::Text)
            out << s.text;
    return out;
}

void SequenceDiagram::paint(QPainter &p) const
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    for (const Shape &s : m_shapes) {
        switch (s.kind) {
        case Shape::Line: {
            QPen pen(s.color, 1.4);
            if (s.dashed)
                pen.setStyle(Qt::DashLine);
            p.setPen(pen);
            p.drawLine(s.from, s.to);
            break;
        }
        case Shape::Arrowhead:
            p.setPen(Qt::NoPen);
            p.setBrush(s.color);
            p.drawPolygon(s.polygon);
            break;
        case Shape::Box:
            p.setPen(QPen(kMuted, 1));
            p.setBrush(s.color);
            p.drawRoundedRect(s.rect, 4, 4);
            break;
        case Shape::Text: {
            QFont f = p.font();
            f.setPixelSize(s.fontPx);
            f.setBold(s.bold);
            p.setFont(f);
            p.setPen(s.color);
            QPointF at = s.rect.topLeft();
            const double width = p.fontMetrics().horizontalAdvance(s.text);
            if (s.centred)
                at.rx() -= width / 2.0;
            if (s.backdrop)
                p.fillRect(QRectF(at.x() - 3, at.y() - s.fontPx, width + 6, s.fontPx + 3), Qt::white);
            p.drawText(at, s.text);
            break;
        }
        }
    }
    p.restore();
}

QString SequenceDiagram::toSvg() const
{
    QString svg;
    svg += QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg += QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                          "font-family=\"DejaVu Sans, Arial, sans-serif\">\n")
               .arg(m_size.width())
               .arg(m_size.height());
    svg += QStringLiteral("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    for (const Shape &s : m_shapes) {
        switch (s.kind) {
        case Shape::Line:
            svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%4\" stroke=\"%5\" stroke-width=\"1.4\"%6/>\n")
                       .arg(num(s.from.x()), num(s.from.y()), num(s.to.x()), num(s.to.y()), svgColor(s.color),
                            s.dashed ? QStringLiteral(" stroke-dasharray=\"5,4\"") : QString());
            break;
        case Shape::Arrowhead: {
            QStringList points;
            for (const QPointF &pt : s.polygon)
                points << num(pt.x()) + QLatin1Char(',') + num(pt.y());
            svg += QStringLiteral("<polygon points=\"%1\" fill=\"%2\"/>\n").arg(points.join(QLatin1Char(' ')), svgColor(s.color));
            break;
        }
        case Shape::Box:
            svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" rx=\"4\" fill=\"%5\" stroke=\"%6\"/>\n")
                       .arg(num(s.rect.x()), num(s.rect.y()), num(s.rect.width()), num(s.rect.height()), svgColor(s.color),
                            svgColor(kMuted));
            break;
        case Shape::Text:
            if (s.backdrop) {
                // No font metrics here: about 0.6 em per character for a sans-serif face.
                const double width = 0.6 * s.fontPx * double(s.text.size()) + 6;
                svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"#ffffff\"/>\n")
                           .arg(num(s.rect.x() - (s.centred ? width / 2 : 3)), num(s.rect.y() - s.fontPx), num(width), num(s.fontPx + 3.0));
            }
            svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"%3\" fill=\"%4\"%5%6>%7</text>\n")
                       .arg(num(s.rect.x()), num(s.rect.y()), QString::number(s.fontPx), svgColor(s.color),
                            s.centred ? QStringLiteral(" text-anchor=\"middle\"") : QString(),
                            s.bold ? QStringLiteral(" font-weight=\"bold\"") : QString(), s.text.toHtmlEscaped());
            break;
        }
    }
    svg += QStringLiteral("</svg>\n");
    return svg;
}

Status<> SequenceDiagram::savePng(const QString &path) const
{
    QImage image(m_size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        paint(p);
    }
    if (!image.save(path, "PNG"))
        return Error{tr("Cannot write the image %1.").arg(path), tr("Check that the folder exists and that you may write there.")};
    return success();
}

Status<> SequenceDiagram::saveSvg(const QString &path) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(toSvg().toUtf8()) < 0 || !f.commit())
        return Error{tr("Cannot write %1: %2.").arg(path, f.errorString()), tr("Check that the folder exists and that you may write there.")};
    return success();
}

} // namespace cb
