#pragma once

#include "common/result.h"
#include "ocppversion.h"
#include "rpcerrorcode.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace cb {

// OCPP-J message type numbers. 5 and 6 exist only in OCPP 2.1.
enum class MessageType { Call = 2, CallResult = 3, CallError = 4, CallResultError = 5, Send = 6 };

QString messageTypeName(MessageType t); // "CALL", "CALLRESULT", ...

inline constexpr qsizetype kMaxMessageIdLength = 36;
inline constexpr qsizetype kMaxErrorDescriptionLength = 255;

// One decoded OCPP-J frame. Which fields are meaningful depends on `type`:
//   CALL / SEND:                  id, action, payload
//   CALLRESULT:                   id, payload
//   CALLERROR / CALLRESULTERROR:  id, errorCode, errorDescription, errorDetails
struct RpcFrame
{
    MessageType type = MessageType::Call;
    QString id;
    QString action;
    QJsonObject payload;
    QString errorCode; // as received or to be sent, already in the version's spelling
    QString errorDescription;
    QJsonObject errorDetails;

    static RpcFrame call(QString id, QString action, QJsonObject payload);
    static RpcFrame send(QString id, QString action, QJsonObject payload);
    static RpcFrame result(QString id, QJsonObject payload);
    // Builds a CALLERROR (or CALLRESULTERROR) with the code spelled for `version`; the
    // description is cut to the 255 characters OCPP-J allows.
    static RpcFrame error(QString id, RpcErrorCode code, OcppVersion version, QString description,
                          QJsonObject details = {}, MessageType type = MessageType::CallError);

    // Compact JSON text of the frame, with the exact array layout of its message type.
    QByteArray encode() const;
};

// Why a frame could not be decoded, and what can still be read of it so the receiver can answer.
struct FrameDecodeError
{
    enum class Kind {
        InvalidJson,        // not JSON (or not UTF-8)
        NotAnArray,         // JSON, but not an array
        BadMessageTypeId,   // first element missing or not an integer
        UnknownMessageType, // an integer this version does not define
        BadMessageId,       // id missing, not a string, or longer than 36 characters
        BadLayout,          // wrong element count or element types for the message type
    };
    Kind kind = Kind::InvalidJson;
    int messageTypeId = 0;      // 0 when unreadable
    QString messageId;          // "-1" when it cannot be read, as OCPP-J requires for the reply
    QString description;        // for people: what is wrong with the frame
};

Result<RpcFrame, FrameDecodeError> decodeFrame(QByteArrayView text, OcppVersion version);

} // namespace cb
