#pragma once

#include "devicemodel/devicemodelentry.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cb::dm {

// A filter of GetReport: a component, optionally narrowed to one variable (ComponentVariableType).
struct ComponentVariable
{
    ComponentRef component;
    std::optional<VariableRef> variable;
    QJsonObject toJson() const;
};

// What to read from a station.
struct ReportRequest
{
    enum class Kind {
        BaseReport,       // 2.x GetBaseReport with reportBase
        Report,           // 2.x GetReport with componentCriteria and/or componentVariables
        Configuration,    // 1.6 GetConfiguration (all keys, or `keys`)
    };
    Kind kind = Kind::BaseReport;
    QString reportBase = QStringLiteral("FullInventory"); // FullInventory, ConfigurationInventory, SummaryInventory
    QStringList componentCriteria;                         // Active, Available, Enabled, Problem
    QList<ComponentVariable> componentVariables;
    QStringList keys;                                      // 1.6: empty = all keys

    static ReportRequest fullInventory() { return {}; }
    static ReportRequest configuration16(const QStringList &keys = {})
    {
        ReportRequest r;
        r.kind = Kind::Configuration;
        r.keys = keys;
        return r;
    }

    // The provisioning block's operation that asks for this report, and its version-neutral
    // arguments: get-report (GetBaseReport; GetReport with criteria or components; 1.6 every
    // key) or get-variables (1.6 named keys, sent as GetConfiguration).
    struct Operation
    {
        QString name;
        QJsonObject args;
    };
    Operation operation(int requestId) const;
    // The OCPP action that operation sends, for messages to people.
    QString action() const;
    // The snapshot source name ("FullInventory", ..., "GetReport", "GetConfiguration").
    QString sourceName() const;
};

} // namespace cb::dm
