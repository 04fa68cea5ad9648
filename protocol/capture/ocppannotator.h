#pragma once

#include "capturedframe.h"
#include "rpc/ocppversion.h"
#include "schema/schemacatalog.h"
#include "schema/violation.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace cb::capture {

// Validation of one payload against its schema; sets the frame's problem.
struct PayloadCheck
{
    OcppVersion version;
    QString action;
    PayloadKind kind;
    QJsonObject payload;

    void run(CapturedFrame &frame) const;
};

// Fills messageType, messageId, action and problem of frames read from one connection, as the live
// capture does: decodes OCPP-J for the negotiated version, validates payloads against the official
// schemas and gives each reply the action of the CALL it answers (tracked per direction).
class OcppAnnotator
{
public:
    OcppAnnotator(std::optional<OcppVersion> version, bool validate) : m_version(version), m_validate(validate) {}

    // Sets everything but the schema problem; returns the schema check still to run (it is
    // independent of other frames, so the importer runs a batch of them in parallel).
    std::optional<PayloadCheck> annotate(CapturedFrame &frame);

private:
    std::optional<PayloadCheck> check(const QString &action, PayloadKind kind, const QJsonObject &payload) const;

    std::optional<OcppVersion> m_version;
    bool m_validate = true;
    QHash<QString, QString> m_pending[2]; // open CALLs by id; [1] sent by the CSMS, [0] by the station
};

} // namespace cb::capture
