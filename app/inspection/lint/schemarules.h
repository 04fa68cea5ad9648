#pragma once

#include "capture/capturerecord.h"

#include <QCoreApplication>

namespace cb {

class FindingSink;
struct TrackedConnection;

// Frames recorded with a problem: a schema violation or a frame that could not be decoded.
class SchemaRules
{
    Q_DECLARE_TR_FUNCTIONS(cb::SchemaRules)
public:
    explicit SchemaRules(FindingSink &sink) : m_sink(sink) {}

    void frame(const TrackedConnection &connection, qint64 id, const CaptureRecord &record);

private:
    FindingSink &m_sink;
};

} // namespace cb
