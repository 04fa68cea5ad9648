#pragma once

#include "capturerecord.h"
#include "rpc/ocppversion.h"
#include "rpc/rpcframe.h"
#include "schema/schemacatalog.h"
#include "schema/violation.h"
#include "stringhash.h"

#include <QJsonObject>

#include <optional>
#include <unordered_map>

namespace cb::capture {

// Validation of one payload against its schema; sets the frame's problem.
struct PayloadCheck
{
    OcppVersion version;
    QString action;
    PayloadKind kind;
    QJsonObject payload;

    void run(CaptureRecord &frame) const;
};

// Fills messageType, messageId, action and problem of frames read from one connection, as the live
// capture does: decodes OCPP-J for the negotiated version, validates payloads against the official
// schemas and gives each reply the action of the CALL it answers (tracked per direction).
class OcppAnnotator
{
public:
    OcppAnnotator(std::optional<OcppVersion> version, bool validate) : m_version(version), m_validate(validate) {}

    // The OCPP-J parse of a frame's text; empty when no OCPP version was negotiated.
    using Decoded = std::optional<Result<RpcFrame, FrameDecodeError>>;

    // Sets everything but the schema problem; returns the schema check still to run (it depends
    // on nothing but the frame). Same as apply(frame, decode(frame.data)).
    std::optional<PayloadCheck> annotate(CaptureRecord &frame);

    // The stateless half: reads only the version fixed at construction, so it may run on another
    // thread than apply() (the importer parses on its reading thread).
    Decoded decode(const QByteArray &data) const;
    // The stateful half (CALL/reply matching): frames of one connection must come in order.
    // `decoded` is only read; the importer frees it on the thread that allocated it.
    std::optional<PayloadCheck> apply(CaptureRecord &frame, const Decoded &decoded);

private:
    using StringMap = std::unordered_map<QString, QString, StringHash>;

    std::optional<PayloadCheck> check(const QString &action, PayloadKind kind, const QJsonObject &payload) const;
    // SchemaCatalog::hasSchema for Request or Send, remembered per action.
    bool hasSchema(const QString &action, PayloadKind kind);

    std::optional<OcppVersion> m_version;
    bool m_validate = true;
    StringMap m_pending[2]; // open CALLs by id; [1] sent by the CSMS, [0] by the station
    std::unordered_map<QString, bool, StringHash> m_hasSchema[2]; // [0] Request, [1] Send
};

} // namespace cb::capture
