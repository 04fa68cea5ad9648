#pragma once

#include "devicemodel/devicemodel.h"
#include "devicemodel/writeitem.h"

#include <QJsonArray>
#include <QList>

#include <optional>

namespace cb::dm {

// Splits writes (or reads) into messages the station accepts: at most ItemsPerMessage entries and
// at most BytesPerMessage bytes of the whole OCPP-J CALL frame each (measured on the compact JSON
// the endpoint sends, with a margin for the message id). A single item that alone breaks the byte
// limit still goes out alone (the station then answers for it).
class WriteBatcher
{
public:
    struct Limits
    {
        std::optional<int> itemsPerMessage;
        std::optional<int> bytesPerMessage;
    };

    // DeviceDataCtrlr.ItemsPerMessage / BytesPerMessage with variable instance `instance`
    // ("SetVariables" or "GetVariables") from the station's own model; absent when it has none.
    static Limits limitsFrom(const DeviceModel &model, const QString &instance);

    // SetVariablesRequest payloads {"setVariableData":[...]} in item order.
    static QList<QJsonObject> setVariables(const QList<WriteItem> &items, const Limits &limits);
    // GetVariablesRequest payloads {"getVariableData":[...]} for re-reading the items.
    static QList<QJsonObject> getVariables(const QList<WriteItem> &items, const Limits &limits);

    // Generic: splits JSON items under `arrayName` in a payload.
    static QList<QJsonObject> split(const QJsonArray &items, const QString &arrayName, const QString &action,
                                    const Limits &limits);
};

} // namespace cb::dm
