#pragma once

#include "common/result.h"
#include "storage/storedcapturerecord.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <optional>

class QIODevice;

namespace cb {

// Reads a JSON lines capture (format "chargebench-capture", see JSONL.md) record by record, so a
// large file never has to fit in memory. Errors name the line and what is wrong with it.
class CaptureJsonlReader
{
    Q_DECLARE_TR_FUNCTIONS(cb::CaptureJsonlReader)
public:
    explicit CaptureJsonlReader(QIODevice &device) : m_device(device) {}

    // Reads and checks the header line; refuses other formats and newer versions.
    Status<> readHeader();
    QJsonObject header() const { return m_header; }
    // The next record, or nullopt at the end of the file. A record without "id" gets its line number.
    Result<std::optional<StoredCaptureRecord>> next();

    static Result<StoredCaptureRecord> fromJson(const QJsonObject &object, qint64 lineNumber);
    // Header and every record.
    static Result<QList<StoredCaptureRecord>> readAll(QIODevice &device);

private:
    QIODevice &m_device;
    QJsonObject m_header;
    qint64 m_line = 0;
};

} // namespace cb
