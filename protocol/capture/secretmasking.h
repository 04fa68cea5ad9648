#pragma once

#include "capturerecord.h"

#include <QByteArray>
#include <QString>

namespace cb::secretmasking {

// Secrets that OCPP carries in payloads, hidden before a record reaches the capture database or
// the live view, so that everything downstream (full-text index, exports, the API, the GUI) only
// ever sees the marker:
//  - device model variables that hold passwords (SecurityCtrlr.BasicAuthPassword and any other
//    variable named ...Password) in SetVariables, GetVariables answers and NotifyReport;
//  - OCPP 1.6 configuration keys AuthorizationKey and ...Password in ChangeConfiguration and
//    GetConfiguration answers;
//  - the credentials of a SetNetworkProfile connectionData (VPN password and key, APN password,
//    SIM PIN, 2.1 basicAuthPassword);
//  - any string that holds a PEM private key ("-----BEGIN ... PRIVATE KEY-----"), wherever it is.
//
// The frame stays valid JSON with the same structure: each secret string becomes marker(). When
// nothing is masked the bytes are returned unchanged (exactly as on the wire).

// "•••• (masked)"
QString marker();

// The frame text of an OCPP-J message with its secrets masked. action: the CALL's action, also
// for the CALLRESULT answering it (replies do not name it). Returns the input when it holds no
// secret or is not JSON.
QByteArray maskFrame(const QByteArray &frame, const QString &action);

// Masks record.data of an OCPP frame record in place; true when something was masked.
bool maskRecord(CaptureRecord &record);

} // namespace cb::secretmasking
