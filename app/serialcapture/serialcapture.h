#pragma once

#include "link/bytelogentry.h"
#include "link/serialsettings.h"
#include "capture/capturerecord.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>

namespace cb {

class CaptureWriter;

namespace serial {
class HardwareClient;
}

// Records the byte stream of one serial hardware link in the capture database, beside the OCPP
// traffic, on its own channel "serial:<port>": every ByteLogEntry becomes a frame record (or a
// note for frames the client discarded), and the link's life shows as connection records: opened
// on attach(), closed with the reason when the cable goes, opened again when it is back, closed on
// detach(). One connection id per attach(), so a support engineer can tell sessions apart.
//
// Appending never blocks (CaptureWriter queues); records appended while the writer is closed are
// dropped by the writer and counted there.
class SerialCapture : public QObject
{
    Q_OBJECT
public:
    explicit SerialCapture(CaptureWriter &writer, QObject *parent = nullptr);
    ~SerialCapture() override; // detaches (a closed record) when still attached

    // Starts recording `client`, which must already be open with `settings`. A previous
    // attachment is detached first.
    void attach(serial::HardwareClient *client, const serial::SerialSettings &settings);
    // Stops recording with a closed record carrying `reason`.
    void detach(const QString &reason = QString());

    bool isAttached() const { return !m_client.isNull(); }
    QString channel() const { return m_channel; }
    qint64 connectionId() const { return m_connectionId; }
    qint64 recordCount() const { return m_records; } // appended since construction

    static QString channelFor(const QString &port);
    // The record for one logged chunk: a frame with the bytes exactly as on the wire, or a note
    // (with the note as its problem) for an entry without bytes, which is how clients report
    // frames they discarded (wrong CRC, reply to no request).
    static CaptureRecord toRecord(const serial::ByteLogEntry &entry, qint64 connectionId);

private:
    void append(const CaptureRecord &r);
    CaptureRecord event(CaptureRecord::Kind kind, const QJsonObject &details, const QString &problem = QString()) const;

    CaptureWriter &m_writer;
    QPointer<serial::HardwareClient> m_client;
    QList<QMetaObject::Connection> m_connections;
    QString m_channel;
    QString m_source;
    qint64 m_connectionId = 0;
    qint64 m_records = 0;
};

} // namespace cb
