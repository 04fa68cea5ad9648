#pragma once

#include "common/result.h"
#include "rpc/ocppversion.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace cb {

// One variable named in get-variables / set-variables, version-neutral. Given as an object
// {"component","componentInstance","evse","connector","variable","variableInstance","attribute","value"}
// or as text "Component.Variable[=value]" (2.x; an EVSE as "EVSE[1].Power", an instance as
// "Component:inst.Variable:inst"); on 1.6 the configuration key alone ("HeartbeatInterval=60").
// OCPP's own GetVariableData / SetVariableData / ComponentVariable objects are taken as they are,
// so a list read from a station or a log can be sent back unchanged.
struct VariableSelector
{
    QString component;
    QString componentInstance;
    std::optional<qint64> evse;
    std::optional<qint64> connector;
    QString variable;             // 1.6: the configuration key
    QString variableInstance;
    QString attribute;            // "actual" (default), "target", "min-set", "max-set"
    std::optional<QString> value; // set-variables

    enum class Need {
        Variable,          // get-variables
        VariableAndValue,  // set-variables
        Component,         // get-report components: the variable may be left out
    };
    static Result<QList<VariableSelector>> parseList(const QJsonValue &value, OcppVersion version, Need need);

    // OCPP's shape, as in GetVariableData, SetVariableData, GetVariableResult, ComponentVariable:
    // {"component": {"name", "instance", "evse": {"id", "connectorId"}}, "variable": {"name",
    // "instance"}, "attributeType", "attributeValue"}.
    static VariableSelector fromWire(const QJsonObject &o);

    // 2.x GetVariableData / SetVariableData.
    QJsonObject toGetVariableData() const;
    QJsonObject toSetVariableData() const;
    // 2.x ComponentVariable of GetReport (the variable only when named).
    QJsonObject toComponentVariable() const;
    // The attributeType of 2.x ("Actual", "Target", "MinSet", "MaxSet").
    QString attributeType() const;
    // "Component.Variable" as people read it.
    QString label() const;
    QJsonObject toJson() const;
};

} // namespace cb
