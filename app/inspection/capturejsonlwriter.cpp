#include "capturejsonlwriter.h"

#include "capturejsonl.h"
#include "storage/capturerow.h"

#include <QDateTime>
#include <QIODevice>
#include <QJsonDocument>

namespace cb {

bool CaptureJsonlWriter::isSafeText(const QByteArray &data)
{
    // A leading BOM and the noncharacters U+FFFE/U+FFFF do not reliably survive the trip through
    // QString and JSON parsers; such payloads are written as base64 like any invalid UTF-8.
    return data.isValidUtf8() && !data.startsWith("\xef\xbb\xbf") && !data.contains("\xef\xbf\xbe") &&
           !data.contains("\xef\xbf\xbf") && QString::fromUtf8(data).toUtf8() == data;
}

QJsonObject CaptureJsonlWriter::toJson(const StoredCaptureRecord &s)
{
    const CaptureRecord &r = s.record;
    QJsonObject o{
        {QStringLiteral("id"), s.id},
        {QStringLiteral("tsUs"), r.timestampUs},
        {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(r.timestampUs / 1000, Qt::UTC)
                                     .toString(Qt::ISODateWithMs)},
        {QStringLiteral("kind"), capturerow::kindName(r.kind)},
        {QStringLiteral("channel"), r.channel},
        {QStringLiteral("station"), r.stationId},
        {QStringLiteral("connection"), r.connectionId},
        {QStringLiteral("direction"), r.outgoing ? QStringLiteral("out") : QStringLiteral("in")},
        {QStringLiteral("messageType"), r.messageType},
        {QStringLiteral("messageId"), r.messageId},
        {QStringLiteral("action"), r.action},
        {QStringLiteral("problem"), r.problem},
    };
    if (isSafeText(r.data))
        o.insert(QStringLiteral("data"), QString::fromUtf8(r.data));
    else
        o.insert(QStringLiteral("dataBase64"), QString::fromLatin1(r.data.toBase64()));
    return o;
}

Status<> CaptureJsonlWriter::writeHeader(const QJsonObject &selection)
{
    QJsonObject header{
        {QStringLiteral("format"), capturejsonl::kFormatName},
        {QStringLiteral("version"), capturejsonl::kFormatVersion},
        {QStringLiteral("created"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("generator"), QString(QStringLiteral("ChargeBench ") + QCoreApplication::applicationVersion())},
    };
    if (!selection.isEmpty())
        header.insert(QStringLiteral("selection"), selection);
    return writeLine(header);
}

Status<> CaptureJsonlWriter::write(const StoredCaptureRecord &record)
{
    auto ok = writeLine(toJson(record));
    if (ok)
        ++m_written;
    return ok;
}

Status<> CaptureJsonlWriter::writeLine(const QJsonObject &object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    line.append('\n');
    if (m_device.write(line) != line.size())
        return Error{tr("Could not write the export: %1.").arg(m_device.errorString()),
                     tr("Check that the disk is not full and the file is writable.")};
    return success();
}

} // namespace cb
