#include "capturejsonlreader.h"

#include "capturejsonl.h"

#include <QIODevice>
#include <QJsonDocument>

namespace cb {

namespace {

std::optional<CaptureRecord::Kind> kindFromName(const QString &name)
{
    if (name == QLatin1String("frame"))
        return CaptureRecord::Kind::Frame;
    if (name == QLatin1String("open"))
        return CaptureRecord::Kind::ConnectionOpened;
    if (name == QLatin1String("close"))
        return CaptureRecord::Kind::ConnectionClosed;
    if (name == QLatin1String("note"))
        return CaptureRecord::Kind::Note;
    return std::nullopt;
}

} // namespace

Status<> CaptureJsonlReader::readHeader()
{
    const QByteArray line = m_device.readLine();
    ++m_line;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
    const QJsonObject h = doc.object();
    if (pe.error != QJsonParseError::NoError || h.value(QLatin1String("format")).toString() != capturejsonl::kFormatName)
        return Error{tr("This is not a ChargeBench JSON lines capture: its first line is not a \"%1\" header.")
                         .arg(capturejsonl::kFormatName),
                     tr("Export captures with \"chargebench-cli capture export\"; for pcap files use capture import.")};
    const int version = h.value(QLatin1String("version")).toInt();
    if (version < 1 || version > capturejsonl::kFormatVersion)
        return Error{tr("The capture file has format version %1; this ChargeBench reads up to version %2.")
                         .arg(version)
                         .arg(capturejsonl::kFormatVersion),
                     tr("Open it with a newer ChargeBench.")};
    m_header = h;
    return success();
}

Result<std::optional<StoredCaptureRecord>> CaptureJsonlReader::next()
{
    while (!m_device.atEnd()) {
        QByteArray line = m_device.readLine();
        ++m_line;
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            return Error{tr("Line %1 is not a JSON object (%2).").arg(m_line).arg(pe.errorString()),
                         tr("Each line after the header must hold one record; see JSONL.md.")};
        auto r = fromJson(doc.object(), m_line);
        if (!r)
            return r.error();
        return std::optional<StoredCaptureRecord>(std::move(r).value());
    }
    return std::optional<StoredCaptureRecord>();
}

Result<StoredCaptureRecord> CaptureJsonlReader::fromJson(const QJsonObject &o, qint64 lineNumber)
{
    StoredCaptureRecord s;
    s.id = o.contains(QLatin1String("id")) ? o.value(QLatin1String("id")).toInteger() : lineNumber;
    CaptureRecord &r = s.record;
    const auto bad = [lineNumber](const QString &what) {
        return Error{tr("Line %1: %2.").arg(lineNumber).arg(what), tr("Fix or remove the line; see JSONL.md.")};
    };
    if (!o.value(QLatin1String("tsUs")).isDouble())
        return bad(tr("\"tsUs\" (microseconds since the epoch) is missing or not a number"));
    r.timestampUs = o.value(QLatin1String("tsUs")).toInteger();
    const auto kind = kindFromName(o.value(QLatin1String("kind")).toString(QStringLiteral("frame")));
    if (!kind)
        return bad(tr("\"kind\" must be frame, open, close or note"));
    r.kind = *kind;
    r.channel = o.value(QLatin1String("channel")).toString(QStringLiteral("ocpp"));
    r.stationId = o.value(QLatin1String("station")).toString();
    r.connectionId = o.value(QLatin1String("connection")).toInteger();
    const QString direction = o.value(QLatin1String("direction")).toString(QStringLiteral("in"));
    if (direction != QLatin1String("in") && direction != QLatin1String("out"))
        return bad(tr("\"direction\" must be in or out"));
    r.outgoing = direction == QLatin1String("out");
    r.messageType = o.value(QLatin1String("messageType")).toInt();
    r.messageId = o.value(QLatin1String("messageId")).toString();
    r.action = o.value(QLatin1String("action")).toString();
    r.problem = o.value(QLatin1String("problem")).toString();
    if (o.contains(QLatin1String("dataBase64"))) {
        const auto decoded = QByteArray::fromBase64Encoding(o.value(QLatin1String("dataBase64")).toString().toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return bad(tr("\"dataBase64\" is not valid base64"));
        r.data = *decoded;
    } else {
        r.data = o.value(QLatin1String("data")).toString().toUtf8();
    }
    return s;
}

Result<QList<StoredCaptureRecord>> CaptureJsonlReader::readAll(QIODevice &device)
{
    CaptureJsonlReader reader(device);
    if (auto h = reader.readHeader(); !h)
        return h.error();
    QList<StoredCaptureRecord> all;
    for (;;) {
        auto n = reader.next();
        if (!n)
            return n.error();
        if (!n.value())
            return all;
        all.append(std::move(*n.value()));
    }
}

} // namespace cb
