#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

namespace cb {

// A connection the importer saw but could not decode.
struct SkippedConnection
{
    QString client; // "address:port"
    QString server;
    QString reason; // for people: why, and what to do instead
};

// What one import read, including how far it got when the file ended early.
struct ImportSummary
{
    qint64 packets = 0;
    qint64 bytesRead = 0;  // file bytes processed
    qint64 totalBytes = 0; // file size
    int connections = 0;   // WebSocket connections opened (101 seen)
    qint64 frames = 0;     // WebSocket text/binary messages emitted as frames
    qint64 problems = 0;   // frames or events with a problem
    QList<SkippedConnection> encrypted;
    QString error;         // empty when the whole file was read; else what stopped the import
    bool cancelled = false;

    bool complete() const { return error.isEmpty() && !cancelled; }
};

} // namespace cb
