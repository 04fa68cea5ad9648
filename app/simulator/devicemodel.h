#pragma once

#include <optional>

#include "common/result.h"
#include "devicevariable.h"
#include "placeholders.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <functional>
#include <vector>

namespace cb::sim {

// The device model of a virtual OCPP 2.0.1 / 2.1 charging station: the standardized components
// and variables, loaded from data (:/simulator/devicemodel.json), instantiated per EVSE and
// connector. Answers GetVariables, SetVariables and the report requests in the messages' own
// JSON shapes, honouring mutability, data types and limits.
class DeviceModel
{
public:
    // Value of a live variable (availability, power, temperature, ...), computed by the station.
    using LiveValue = std::function<QString(const DeviceVariable &)>;

    struct SetOutcome
    {
        QJsonObject result;                 // SetVariableResultType
        const DeviceVariable *changed = nullptr; // set when a value was stored
    };

    static Result<DeviceModel> fromJson(const QByteArray &json, const Placeholders &placeholders, int evses,
                                        int connectorsPerEvse);
    // The model embedded in the simulator library.
    static Result<DeviceModel> standard(const Placeholders &placeholders, int evses, int connectorsPerEvse);

    void setLiveValue(LiveValue f) { m_live = std::move(f); }
    // Appends `count` writable station-level variables BenchCtrlr.Value[0..count-1] (tests and
    // benchmarks of large models); data types cycle decimal, integer, boolean, string.
    void addBenchVariables(int count);
    const std::vector<DeviceVariable> &variables() const { return m_variables; }
    int variableCount() const { return int(m_variables.size()); }

    // GetVariableDataType -> GetVariableResultType.
    QJsonObject get(const QJsonObject &getVariableData) const;
    // SetVariableDataType -> SetVariableResultType (and what changed).
    SetOutcome set(const QJsonObject &setVariableData);

    // ReportDataType entries of a base report (ConfigurationInventory, FullInventory,
    // SummaryInventory) or of a GetReport request's filters; empty when nothing matches.
    QList<QJsonObject> baseReport(const QString &reportBase) const;
    QList<QJsonObject> report(const QJsonArray &componentVariables, const QJsonArray &componentCriteria) const;
    QJsonObject reportData(const DeviceVariable &v) const;

    // The station's own reads and writes (station-level components; writes ignore mutability).
    QString value(const QString &component, const QString &variable, const QString &variableInstance = {}) const;
    int intValue(const QString &component, const QString &variable, int fallback, const QString &variableInstance = {}) const;
    bool boolValue(const QString &component, const QString &variable, bool fallback = false) const;
    void setValue(const QString &component, const QString &variable, const QString &value, const QString &variableInstance = {});

    QString actualValue(const DeviceVariable &v) const;

private:
    enum class Match { Found, UnknownComponent, UnknownVariable };
    Match find(const QJsonObject &component, const QJsonObject &variable, qsizetype *index) const;
    // Shared start of Get and SetVariables: echoes component, variable and attributeType into
    // `result` and finds the variable; nothing (with attributeStatus set) when it is unknown.
    std::optional<qsizetype> lookup(const QJsonObject &data, const QString &type, QJsonObject &result) const;
    DeviceVariable *stationVariable(const QString &component, const QString &variable, const QString &instance);
    const DeviceVariable *stationVariable(const QString &component, const QString &variable, const QString &instance) const;

    std::vector<DeviceVariable> m_variables;
    LiveValue m_live;
};

} // namespace cb::sim
