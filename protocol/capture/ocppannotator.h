#pragma once

#include "capturedframe.h"
#include "rpc/ocppversion.h"

#include <QHash>

#include <optional>

namespace cb::capture {

// Fills messageType, messageId, action and problem of frames read from one connection, as the live
// capture does: decodes OCPP-J for the negotiated version, validates payloads against the official
// schemas and gives each reply the action of the CALL it answers (tracked per direction).
class OcppAnnotator
{
public:
    explicit OcppAnnotator(std::optional<OcppVersion> version) : m_version(version) {}

    void annotate(CapturedFrame &frame);

private:
    std::optional<OcppVersion> m_version;
    QHash<QString, QString> m_pending[2]; // open CALLs by id; [1] sent by the CSMS, [0] by the station
};

} // namespace cb::capture
