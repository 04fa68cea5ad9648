#include "serialcapture.h"

#include "hardwareclient.h"
#include "serialcapturelogging.h"
#include "storage/capturewriter.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>

namespace cb {

namespace {
// Ids for serial connections of this process; the channel keeps them apart from OCPP's.
qint64 nextConnectionId()
{
    static std::atomic<qint64> last{0};
    return ++last;
}
} // namespace

SerialCapture::SerialCapture(CaptureWriter &writer, QObject *parent) : QObject(parent), m_writer(writer) {}

SerialCapture::~SerialCapture()
{
    if (m_connectionId != 0)
        detach(tr("capture ended"));
}

QString SerialCapture::channelFor(const QString &port)
{
    return QStringLiteral("serial:") + port;
}

CaptureRecord SerialCapture::toRecord(const serial::ByteLogEntry &entry, qint64 connectionId)
{
    CaptureRecord r;
    r.timestampUs = entry.timestampUs;
    r.channel = channelFor(entry.port);
    r.connectionId = connectionId;
    r.outgoing = entry.direction == serial::ByteLogEntry::Direction::Out;
    if (entry.bytes.isEmpty() && !entry.note.isEmpty()) {
        r.kind = CaptureRecord::Kind::Note;
        r.problem = entry.note;
    } else {
        r.kind = CaptureRecord::Kind::Frame;
        r.data = entry.bytes;
        // Bytes that were not a good frame (garbage, wrong CRC, exception) keep why as the problem.
        if (entry.problem)
            r.problem = entry.note.isEmpty() ? tr("not a valid frame") : entry.note;
    }
    return r;
}

CaptureRecord SerialCapture::event(CaptureRecord::Kind kind, const QJsonObject &details, const QString &problem) const
{
    CaptureRecord r;
    r.kind = kind;
    r.timestampUs = serial::ByteLogEntry::nowUs();
    r.channel = m_channel;
    r.connectionId = m_connectionId;
    r.data = QJsonDocument(details).toJson(QJsonDocument::Compact);
    r.problem = problem;
    return r;
}

void SerialCapture::append(const CaptureRecord &r)
{
    m_writer.append(r);
    ++m_records;
}

void SerialCapture::attach(serial::HardwareClient *client, const serial::SerialSettings &settings)
{
    if (isAttached())
        detach(tr("another link was attached"));
    if (!client)
        return;
    m_client = client;
    m_channel = channelFor(settings.portName);
    m_source = client->source();
    m_connectionId = nextConnectionId();

    QJsonObject details{
        {QStringLiteral("port"), settings.portName},
        {QStringLiteral("settings"), settings.describe()},
        {QStringLiteral("protocol"), m_source},
    };
    // Both protocols log the bytes as they crossed the wire; Modbus groups received bytes by frame.
    details.insert(QStringLiteral("byteLog"), m_source.startsWith(QLatin1String("modbus:"))
                                                  ? QStringLiteral("wire bytes, received bytes grouped by RTU frame")
                                                  : QStringLiteral("wire bytes as read"));
    append(event(CaptureRecord::Kind::ConnectionOpened, details));

    m_connections << connect(client, &serial::HardwareClient::bytesLogged, this,
                             [this](const serial::ByteLogEntry &e) { append(toRecord(e, m_connectionId)); });
    m_connections << connect(client, &serial::HardwareClient::linkLost, this, [this](const QString &reason) {
        append(event(CaptureRecord::Kind::ConnectionClosed,
                     QJsonObject{{QStringLiteral("reason"), reason}, {QStringLiteral("lost"), true}}, reason));
    });
    m_connections << connect(client, &serial::HardwareClient::linkRestored, this, [this] {
        append(event(CaptureRecord::Kind::ConnectionOpened,
                     QJsonObject{{QStringLiteral("protocol"), m_source}, {QStringLiteral("restored"), true}}));
    });
    // A client deleted without detach() still ends its connection in the capture.
    m_connections << connect(client, &QObject::destroyed, this, [this] { detach(tr("the link was closed")); });
    qCDebug(lcSerialCapture) << "recording" << m_channel << "as connection" << m_connectionId;
}

void SerialCapture::detach(const QString &reason)
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    if (m_connectionId == 0 || m_channel.isEmpty())
        return;
    const QString why = reason.isEmpty() ? tr("closed by the user") : reason;
    append(event(CaptureRecord::Kind::ConnectionClosed, QJsonObject{{QStringLiteral("reason"), why}}));
    m_client = nullptr;
    m_connectionId = 0;
}

} // namespace cb
