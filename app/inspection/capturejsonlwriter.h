#pragma once

#include "common/result.h"
#include "storage/storedcapturerecord.h"

#include <QCoreApplication>
#include <QJsonObject>

class QIODevice;

namespace cb {

// Writes capture records as JSON lines (format "chargebench-capture" 1, see JSONL.md): a header
// line, then one object per record with every CaptureRecord field. Payloads that are valid UTF-8
// go in "data" as text; any other bytes go in "dataBase64", so nothing is lost.
class CaptureJsonlWriter
{
    Q_DECLARE_TR_FUNCTIONS(cb::CaptureJsonlWriter)
public:
    explicit CaptureJsonlWriter(QIODevice &device) : m_device(device) {}

    // `selection` says what was exported (station, connection, time range), for people.
    Status<> writeHeader(const QJsonObject &selection = {});
    Status<> write(const StoredCaptureRecord &record);
    qint64 written() const { return m_written; }

    static QJsonObject toJson(const StoredCaptureRecord &record);
    // True when the bytes survive QString and JSON text unchanged.
    static bool isSafeText(const QByteArray &data);

private:
    Status<> writeLine(const QJsonObject &object);

    QIODevice &m_device;
    qint64 m_written = 0;
};

} // namespace cb
