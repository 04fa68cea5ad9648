// The virtual station's configuration as the CSMS sees it: the 2.0.1 / 2.1 device model
// (GetBaseReport answered by NotifyReport pages of ItemsPerMessage, GetReport filters,
// Get/SetVariables with mutability, types, limits and RebootRequired) and the 1.6 standard
// configuration keys (GetConfiguration / ChangeConfiguration). The data itself is checked too:
// every default obeys its own rules and every report entry fits the official schema.
#include "simbench.h"

#include "schema/schemavalidator.h"
#include "simulator/configurationkeys.h"
#include "simulator/devicemodel.h"
#include "simulator/metervaluebuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cb;
using namespace cb::test;

Q_DECLARE_METATYPE(cb::OcppVersion)

namespace {

constexpr auto In = FrameEvent::Direction::In;

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }
QJsonObject payloadOf(const RecordedFrame &f) { return f.json().at(3).toObject(); }

sim::Placeholders placeholders()
{
    sim::Placeholders p;
    for (const char *k : {"identity", "vendor", "model", "serial", "firmware", "organization"})
        p.set(QLatin1String(k), QStringLiteral("X"));
    p.set(QStringLiteral("profile"), 1);
    p.set(QStringLiteral("phases"), 3);
    p.set(QStringLiteral("maxCurrent"), 32);
    p.set(QStringLiteral("maxPower"), 22080);
    p.set(QStringLiteral("stationMaxCurrent"), 64);
    p.set(QStringLiteral("stationMaxPower"), 44160);
    p.set(QStringLiteral("itemsPerMessage"), 50);
    p.set(QStringLiteral("meterInterval"), 60);
    p.set(QStringLiteral("responseTimeout"), 30);
    p.set(QStringLiteral("backOffMinimum"), 5);
    p.set(QStringLiteral("backOffRandomRange"), 10);
    p.set(QStringLiteral("measurands"), sim::MeterValueBuilder::supportedMeasurands().join(QLatin1Char(',')));
    p.set(QStringLiteral("connectors"), 2);
    p.set(QStringLiteral("connectorsPlusOne"), 3);
    p.set(QStringLiteral("phaseRotation"), QStringLiteral("0.RST,1.RST,2.RST"));
    return p;
}

// SetVariableData / GetVariableData for a station-level variable.
QJsonObject var(const QString &component, const QString &variable, const QString &instance = {})
{
    QJsonObject v{{QStringLiteral("name"), variable}};
    if (!instance.isEmpty())
        v.insert(QStringLiteral("instance"), instance);
    return QJsonObject{{QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), component}}}, {QStringLiteral("variable"), v}};
}

QJsonObject setData(QJsonObject target, const QString &value, const QString &attributeType = {})
{
    target.insert(QStringLiteral("attributeValue"), value);
    if (!attributeType.isEmpty())
        target.insert(QStringLiteral("attributeType"), attributeType);
    return target;
}

} // namespace

class TestStationConfiguration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deviceModelData_data();
    void deviceModelData();
    void configurationKeyData();
    void baseReportIsPaged_data();
    void baseReportIsPaged();
    void getReportFilters();
    void setAndGetVariables_data();
    void setAndGetVariables();
    void configuration16();
};

void TestStationConfiguration::deviceModelData_data()
{
    QTest::addColumn<int>("evses");
    QTest::addColumn<int>("connectors");
    QTest::newRow("1 EVSE") << 1 << 1;
    QTest::newRow("3 EVSEs x 2 connectors") << 3 << 2;
}

void TestStationConfiguration::deviceModelData()
{
    QFETCH(int, evses);
    QFETCH(int, connectors);
    auto model = sim::DeviceModel::standard(placeholders(), evses, connectors);
    QVERIFY2(model.ok(), qPrintable(model.ok() ? QString() : model.error().text()));
    const sim::DeviceModel &m = model.value();
    QVERIFY2(m.variableCount() > 200, qPrintable(QString::number(m.variableCount())));
    QSet<QString> components;
    QSet<QString> keys;
    for (const sim::DeviceVariable &v : m.variables()) {
        components << v.component;
        // No variable twice on the same component instance.
        const QString key = QStringLiteral("%1/%2/%3/%4/%5/%6").arg(v.component, v.componentInstance).arg(v.evseId).arg(v.connectorId).arg(v.variable, v.variableInstance);
        QVERIFY2(!keys.contains(key), qPrintable(key));
        keys << key;
        // Every stored default obeys the variable's own rules.
        if (v.live.isEmpty() && v.attributes.first().mutability != QLatin1String("WriteOnly")) {
            const auto problem = v.rules.check(v.attributes.first().value);
            QVERIFY2(!problem, qPrintable(key + QStringLiteral(": ") + (problem ? problem->text : QString())));
        }
    }
    for (const char *c : {"ChargingStation", "EVSE", "Connector", "CPPWMController", "PowerContactor", "ConnectorPlugRetentionLock", "RCD",
                          "TemperatureSensor", "ConnectedEV", "SecurityCtrlr", "OCPPCommCtrlr", "DeviceDataCtrlr", "TxCtrlr",
                          "SampledDataCtrlr", "AuthCtrlr", "AlignedDataCtrlr", "ClockCtrlr", "SmartChargingCtrlr", "ReservationCtrlr"})
        QVERIFY2(components.contains(QLatin1String(c)), c);
    // All of it fits a NotifyReport of either 2.x version.
    QJsonArray all;
    for (const QJsonObject &e : m.baseReport(QStringLiteral("FullInventory")))
        all.append(e);
    QCOMPARE(all.size(), m.variableCount());
    for (OcppVersion v : {OcppVersion::V201, OcppVersion::V21}) {
        const QJsonObject report{{QStringLiteral("requestId"), 1}, {QStringLiteral("generatedAt"), QStringLiteral("2026-01-01T00:00:00Z")},
                                 {QStringLiteral("seqNo"), 0}, {QStringLiteral("tbc"), false}, {QStringLiteral("reportData"), all}};
        const Violations bad = SchemaValidator::shared().validate(v, QStringLiteral("NotifyReport"), PayloadKind::Request, report);
        QVERIFY2(bad.isEmpty(), qPrintable(describe(bad)));
    }
    qInfo("%d variables on %d components (%d EVSEs x %d connectors)", m.variableCount(), int(components.size()), evses, connectors);
}

void TestStationConfiguration::configurationKeyData()
{
    auto keys = sim::ConfigurationKeys::standard(placeholders());
    QVERIFY(keys.ok());
    sim::ConfigurationKeys &k = keys.value();
    for (const sim::ConfigurationKey &key : k.keys()) {
        if (key.writeOnly || !key.live.isEmpty())
            continue;
        sim::ValueRules rules = key.rules;
        if (!key.maxItemsKey.isEmpty())
            rules.maxItems = k.intValue(key.maxItemsKey, 100);
        const auto problem = rules.check(key.value);
        QVERIFY2(!problem, qPrintable(key.key + QStringLiteral(": ") + (problem ? problem->text : QString())));
    }
    // Every key required by 1.6 chapter 9 for the profiles the station claims.
    for (const char *required :
         {"AuthorizeRemoteTxRequests", "ClockAlignedDataInterval", "ConnectionTimeOut", "ConnectorPhaseRotation", "GetConfigurationMaxKeys",
          "HeartbeatInterval", "LocalAuthorizeOffline", "LocalPreAuthorize", "MeterValuesAlignedData", "MeterValuesSampledData",
          "MeterValueSampleInterval", "NumberOfConnectors", "ResetRetries", "StopTransactionOnEVSideDisconnect", "StopTransactionOnInvalidId",
          "StopTxnAlignedData", "StopTxnSampledData", "SupportedFeatureProfiles", "TransactionMessageAttempts",
          "TransactionMessageRetryInterval", "UnlockConnectorOnEVSideDisconnect", "LocalAuthListEnabled", "LocalAuthListMaxLength",
          "SendLocalListMaxLength", "ChargeProfileMaxStackLevel", "ChargingScheduleAllowedChargingRateUnit", "ChargingScheduleMaxPeriods",
          "MaxChargingProfilesInstalled"})
        QVERIFY2(k.find(QLatin1String(required)), required);
    const auto all = k.getConfiguration({});
    QVERIFY(all.ok());
    const Violations bad = SchemaValidator::shared().validate(OcppVersion::V16, QStringLiteral("GetConfiguration"), PayloadKind::Response, all.value());
    QVERIFY2(bad.isEmpty(), qPrintable(describe(bad)));
}

void TestStationConfiguration::baseReportIsPaged_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::newRow("2.0.1") << OcppVersion::V201;
    QTest::newRow("2.1") << OcppVersion::V21;
}

void TestStationConfiguration::baseReportIsPaged()
{
    QFETCH(OcppVersion, version);
    const QString id = QStringLiteral("REPORT");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, version);
    cfg.reportItemsPerMessage = 40;
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));

    // The page size is what the station says in DeviceDataCtrlr.ItemsPerMessage[GetReport].
    QJsonObject get = var(QStringLiteral("DeviceDataCtrlr"), QStringLiteral("ItemsPerMessage"), QStringLiteral("GetReport"));
    const CallOutcome items = b.call(id, QStringLiteral("GetVariables"), QJsonObject{{QStringLiteral("getVariableData"), QJsonArray{get}}});
    QVERIFY(items.ok());
    const int perPage = items.payload[QStringLiteral("getVariableResult")][0][QStringLiteral("attributeValue")].toString().toInt();
    QCOMPARE(perPage, 40);

    auto collect = [&](int requestId) {
        QList<QJsonObject> pages;
        for (const RecordedFrame &f : b.frames(id, In, QStringLiteral("NotifyReport")))
            if (payloadOf(f).value(QStringLiteral("requestId")).toInt() == requestId)
                pages << payloadOf(f);
        return pages;
    };
    auto complete = [&](int requestId) {
        const auto pages = collect(requestId);
        return !pages.isEmpty() && !pages.last().value(QStringLiteral("tbc")).toBool();
    };

    const CallOutcome full = b.call(id, QStringLiteral("GetBaseReport"), json(R"({"requestId":7,"reportBase":"FullInventory"})"));
    QVERIFY(full.ok());
    QCOMPARE(full.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    QVERIFY(QTest::qWaitFor([&] { return complete(7); }, 15000));
    const QList<QJsonObject> pages = collect(7);
    int total = 0;
    QSet<QString> components;
    for (int i = 0; i < pages.size(); ++i) {
        const QJsonObject &p = pages[i];
        QCOMPARE(p.value(QStringLiteral("seqNo")).toInt(), i);
        QCOMPARE(p.value(QStringLiteral("tbc")).toBool(), i + 1 < pages.size());
        const QJsonArray data = p.value(QStringLiteral("reportData")).toArray();
        QVERIFY(data.size() <= perPage);
        if (i + 1 < pages.size())
            QCOMPARE(data.size(), perPage);
        QCOMPARE(p.value(QStringLiteral("generatedAt")), pages.first().value(QStringLiteral("generatedAt")));
        total += data.size();
        for (const QJsonValue &d : data) {
            const QJsonObject e = d.toObject();
            const QString component = e[QStringLiteral("component")][QStringLiteral("name")].toString();
            const QString variable = e[QStringLiteral("variable")][QStringLiteral("name")].toString();
            components << component;
            const QJsonObject attribute = e[QStringLiteral("variableAttribute")][0].toObject();
            if (component == QLatin1String("SecurityCtrlr") && variable == QLatin1String("BasicAuthPassword")) {
                QCOMPARE(attribute[QStringLiteral("mutability")].toString(), QStringLiteral("WriteOnly"));
                QVERIFY(!attribute.contains(QStringLiteral("value"))); // never disclosed
            }
            if (component == QLatin1String("OCPPCommCtrlr") && variable == QLatin1String("HeartbeatInterval")) {
                QCOMPARE(attribute[QStringLiteral("mutability")].toString(), QStringLiteral("ReadWrite"));
                QCOMPARE(e[QStringLiteral("variableCharacteristics")][QStringLiteral("unit")].toString(), QStringLiteral("s"));
                QCOMPARE(e[QStringLiteral("variableCharacteristics")][QStringLiteral("minLimit")].toDouble(), 1.0);
            }
        }
    }
    QVERIFY2(total > 200, qPrintable(QString::number(total)));
    QVERIFY(pages.size() >= 6);
    for (const char *c : {"ChargingStation", "EVSE", "Connector", "CPPWMController", "PowerContactor", "ConnectorPlugRetentionLock", "RCD",
                          "TemperatureSensor", "ConnectedEV", "SecurityCtrlr", "OCPPCommCtrlr", "DeviceDataCtrlr", "TxCtrlr", "SampledDataCtrlr",
                          "AuthCtrlr"})
        QVERIFY2(components.contains(QLatin1String(c)), c);
    qInfo("FullInventory: %d variables in %d NotifyReport pages of at most %d", total, int(pages.size()), perPage);

    // ConfigurationInventory: only what the CSMS can write.
    QVERIFY(b.call(id, QStringLiteral("GetBaseReport"), json(R"({"requestId":8,"reportBase":"ConfigurationInventory"})")).ok());
    QVERIFY(QTest::qWaitFor([&] { return complete(8); }, 15000));
    int configurable = 0;
    for (const QJsonObject &p : collect(8))
        for (const QJsonValue &d : p.value(QStringLiteral("reportData")).toArray()) {
            ++configurable;
            bool writable = false;
            for (const QJsonValue &a : d[QStringLiteral("variableAttribute")].toArray())
                writable = writable || a[QStringLiteral("mutability")].toString() != QLatin1String("ReadOnly");
            QVERIFY(writable);
        }
    QVERIFY(configurable > 50 && configurable < total);

    // SummaryInventory: availability and problems.
    QVERIFY(b.call(id, QStringLiteral("GetBaseReport"), json(R"({"requestId":9,"reportBase":"SummaryInventory"})")).ok());
    QVERIFY(QTest::qWaitFor([&] { return complete(9); }, 15000));
    QStringList summary;
    for (const QJsonObject &p : collect(9))
        for (const QJsonValue &d : p.value(QStringLiteral("reportData")).toArray())
            summary << d[QStringLiteral("variable")][QStringLiteral("name")].toString();
    QVERIFY(summary.contains(QStringLiteral("AvailabilityState")));
    QVERIFY(!summary.contains(QStringLiteral("HeartbeatInterval")));

    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestStationConfiguration::getReportFilters()
{
    const QString id = QStringLiteral("FILTER");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, OcppVersion::V201);
    cfg.evses = 2;
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));

    // One EVSE's own component.
    CallOutcome o = b.call(id, QStringLiteral("GetReport"), json(R"({"requestId":1,"componentVariable":[{"component":{"name":"EVSE","evse":{"id":2}}}]})"));
    QCOMPARE(o.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    QList<QJsonObject> entries;
    QVERIFY(QTest::qWaitFor([&] {
        entries.clear();
        for (const RecordedFrame &f : b.frames(id, In, QStringLiteral("NotifyReport")))
            if (payloadOf(f).value(QStringLiteral("requestId")).toInt() == 1)
                for (const QJsonValue &d : payloadOf(f).value(QStringLiteral("reportData")).toArray())
                    entries << d.toObject();
        return !entries.isEmpty();
    }, 15000));
    for (const QJsonObject &e : entries) {
        QCOMPARE(e[QStringLiteral("component")][QStringLiteral("name")].toString(), QStringLiteral("EVSE"));
        QCOMPARE(e[QStringLiteral("component")][QStringLiteral("evse")][QStringLiteral("id")].toInt(), 2);
    }
    QVERIFY(entries.size() >= 10);

    // A single variable, and components that are enabled.
    o = b.call(id, QStringLiteral("GetReport"),
               json(R"({"requestId":2,"componentVariable":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]})"));
    QCOMPARE(o.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    o = b.call(id, QStringLiteral("GetReport"), json(R"({"requestId":3,"componentCriteria":["Enabled"]})"));
    QCOMPARE(o.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    // Nothing has a problem, and nothing is called "NoSuchCtrlr".
    o = b.call(id, QStringLiteral("GetReport"), json(R"({"requestId":4,"componentCriteria":["Problem"]})"));
    QCOMPARE(o.payload.value(QStringLiteral("status")).toString(), QStringLiteral("EmptyResultSet"));
    o = b.call(id, QStringLiteral("GetReport"), json(R"({"requestId":5,"componentVariable":[{"component":{"name":"NoSuchCtrlr"}}]})"));
    QCOMPARE(o.payload.value(QStringLiteral("status")).toString(), QStringLiteral("EmptyResultSet"));
    // A faulted connector now meets the Problem criterion.
    QVERIFY(st->setConnectorFault(2, 1, QStringLiteral("GroundFailure")));
    o = b.call(id, QStringLiteral("GetReport"), json(R"({"requestId":6,"componentCriteria":["Problem"]})"));
    QCOMPARE(o.payload.value(QStringLiteral("status")).toString(), QStringLiteral("Accepted"));
    QVERIFY(b.waitFor(id, QStringLiteral("NotifyReport"), 4));
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestStationConfiguration::setAndGetVariables_data() { baseReportIsPaged_data(); }

void TestStationConfiguration::setAndGetVariables()
{
    QFETCH(OcppVersion, version);
    const QString id = QStringLiteral("SETVAR");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    sim::VirtualStation *st = b.startStation(b.stationConfig(id, version));
    QVERIFY(b.waitRegistered(st));

    QJsonObject maxSet = setData(var(QStringLiteral("TemperatureSensor"), QStringLiteral("Temperature")), QStringLiteral("75"), QStringLiteral("MaxSet"));
    QJsonObject c = maxSet[QStringLiteral("component")].toObject();
    c.insert(QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), 1}});
    maxSet.insert(QStringLiteral("component"), c);
    struct Case
    {
        QJsonObject data;
        QString status;
        QString reason;
    };
    const QList<Case> cases{
        {setData(var(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")), QStringLiteral("45")), QStringLiteral("Accepted"), {}},
        {setData(var(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("NetworkConfigurationPriority")), QStringLiteral("0,1")),
         QStringLiteral("RebootRequired"), {}},
        {setData(var(QStringLiteral("DeviceDataCtrlr"), QStringLiteral("ItemsPerMessage"), QStringLiteral("GetReport")), QStringLiteral("10")),
         QStringLiteral("Rejected"), QStringLiteral("ReadOnly")},
        {setData(var(QStringLiteral("ChargingStation"), QStringLiteral("Model")), QStringLiteral("Hacked")), QStringLiteral("Rejected"),
         QStringLiteral("ReadOnly")},
        {setData(var(QStringLiteral("SampledDataCtrlr"), QStringLiteral("TxUpdatedInterval")), QStringLiteral("-5")), QStringLiteral("Rejected"),
         QStringLiteral("ValueOutOfRange")},
        {setData(var(QStringLiteral("AuthCtrlr"), QStringLiteral("Enabled")), QStringLiteral("maybe")), QStringLiteral("Rejected"),
         QStringLiteral("InvalidValue")},
        {setData(var(QStringLiteral("TxCtrlr"), QStringLiteral("TxStartPoint")), QStringLiteral("EVConnected,Teleported")), QStringLiteral("Rejected"),
         QStringLiteral("InvalidValue")},
        {setData(var(QStringLiteral("SecurityCtrlr"), QStringLiteral("BasicAuthPassword")), QStringLiteral("short")), QStringLiteral("Rejected"),
         QStringLiteral("ValueOutOfRange")},
        {setData(var(QStringLiteral("SecurityCtrlr"), QStringLiteral("BasicAuthPassword")), QStringLiteral("0123456789abcdefXYZ")),
         QStringLiteral("Accepted"), {}},
        {setData(var(QStringLiteral("NoSuchCtrlr"), QStringLiteral("Enabled")), QStringLiteral("true")), QStringLiteral("UnknownComponent"), {}},
        {setData(var(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("NoSuchVariable")), QStringLiteral("1")), QStringLiteral("UnknownVariable"), {}},
        {setData(var(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")), QStringLiteral("60"), QStringLiteral("Target")),
         QStringLiteral("NotSupportedAttributeType"), {}},
        {maxSet, QStringLiteral("Accepted"), {}},
    };
    QJsonArray request;
    for (const Case &k : cases)
        request.append(k.data);
    const CallOutcome set = b.call(id, QStringLiteral("SetVariables"), QJsonObject{{QStringLiteral("setVariableData"), request}});
    QVERIFY2(set.ok(), qPrintable(set.describe()));
    const QJsonArray results = set.payload.value(QStringLiteral("setVariableResult")).toArray();
    QCOMPARE(results.size(), cases.size());
    for (int i = 0; i < cases.size(); ++i) {
        const QJsonObject r = results[i].toObject();
        QVERIFY2(r[QStringLiteral("attributeStatus")].toString() == cases[i].status,
                 qPrintable(QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact))));
        if (!cases[i].reason.isEmpty())
            QCOMPARE(r[QStringLiteral("attributeStatusInfo")][QStringLiteral("reasonCode")].toString(), cases[i].reason);
        QCOMPARE(r[QStringLiteral("component")], cases[i].data[QStringLiteral("component")]);
    }

    QJsonObject evseState = var(QStringLiteral("EVSE"), QStringLiteral("AvailabilityState"));
    QJsonObject ec = evseState[QStringLiteral("component")].toObject();
    ec.insert(QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), 1}});
    evseState.insert(QStringLiteral("component"), ec);
    QJsonObject readMaxSet = maxSet;
    readMaxSet.remove(QStringLiteral("attributeValue"));
    const CallOutcome get = b.call(id, QStringLiteral("GetVariables"),
                                   QJsonObject{{QStringLiteral("getVariableData"),
                                                QJsonArray{var(QStringLiteral("OCPPCommCtrlr"), QStringLiteral("HeartbeatInterval")),
                                                           var(QStringLiteral("SecurityCtrlr"), QStringLiteral("BasicAuthPassword")), evseState,
                                                           var(QStringLiteral("ClockCtrlr"), QStringLiteral("DateTime")), readMaxSet,
                                                           var(QStringLiteral("SecurityCtrlr"), QStringLiteral("Identity"))}}});
    QVERIFY2(get.ok(), qPrintable(get.describe()));
    const QJsonArray got = get.payload.value(QStringLiteral("getVariableResult")).toArray();
    QCOMPARE(got[0][QStringLiteral("attributeValue")].toString(), QStringLiteral("45"));
    QCOMPARE(got[1][QStringLiteral("attributeStatus")].toString(), QStringLiteral("Rejected"));
    QCOMPARE(got[1][QStringLiteral("attributeStatusInfo")][QStringLiteral("reasonCode")].toString(), QStringLiteral("WriteOnly"));
    QVERIFY(!got[1].toObject().contains(QStringLiteral("attributeValue")));
    QCOMPARE(got[2][QStringLiteral("attributeValue")].toString(), QStringLiteral("Available"));
    QVERIFY(QDateTime::fromString(got[3][QStringLiteral("attributeValue")].toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(got[4][QStringLiteral("attributeValue")].toString(), QStringLiteral("75"));
    QCOMPARE(got[5][QStringLiteral("attributeValue")].toString(), id);
    // The station acts on what was set: the heartbeat interval it uses is the new one.
    QCOMPARE(st->settings().heartbeatIntervalS(), 45);
    QCOMPARE(st->settings().password(), QByteArray("0123456789abcdefXYZ"));
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

void TestStationConfiguration::configuration16()
{
    const QString id = QStringLiteral("CONF16");
    SimBench b;
    QVERIFY(b.start());
    b.registry.policy().heartbeatIntervalS = 600;
    auto cfg = b.stationConfig(id, OcppVersion::V16);
    cfg.evses = 2;
    sim::VirtualStation *st = b.startStation(cfg);
    QVERIFY(b.waitRegistered(st));

    const CallOutcome all = b.call(id, QStringLiteral("GetConfiguration"), {});
    QVERIFY2(all.ok(), qPrintable(all.describe()));
    QHash<QString, QJsonObject> keys;
    for (const QJsonValue &k : all.payload.value(QStringLiteral("configurationKey")).toArray())
        keys.insert(k[QStringLiteral("key")].toString(), k.toObject());
    QVERIFY(keys.size() >= 40);
    QCOMPARE(keys[QStringLiteral("NumberOfConnectors")][QStringLiteral("value")].toString(), QStringLiteral("2"));
    QCOMPARE(keys[QStringLiteral("NumberOfConnectors")][QStringLiteral("readonly")].toBool(), true);
    QCOMPARE(keys[QStringLiteral("HeartbeatInterval")][QStringLiteral("readonly")].toBool(), false);
    QCOMPARE(keys[QStringLiteral("HeartbeatInterval")][QStringLiteral("value")].toString(), QStringLiteral("600")); // from BootNotification
    QCOMPARE(keys[QStringLiteral("ConnectorPhaseRotation")][QStringLiteral("value")].toString(), QStringLiteral("0.RST,1.RST,2.RST"));
    QVERIFY(!keys.contains(QStringLiteral("AuthorizationKey"))); // write-only, never listed

    const CallOutcome some = b.call(id, QStringLiteral("GetConfiguration"), json(R"({"key":["HeartbeatInterval","NoSuchKey","AuthorizationKey"]})"));
    QVERIFY(some.ok());
    QCOMPARE(some.payload.value(QStringLiteral("configurationKey")).toArray().size(), 2);
    QCOMPARE(some.payload.value(QStringLiteral("unknownKey")).toArray(), QJsonArray{QStringLiteral("NoSuchKey")});
    for (const QJsonValue &k : some.payload.value(QStringLiteral("configurationKey")).toArray())
        if (k[QStringLiteral("key")].toString() == QLatin1String("AuthorizationKey"))
            QVERIFY(!k.toObject().contains(QStringLiteral("value")));

    // More keys than GetConfigurationMaxKeys allows: an error, not a silent cut.
    QJsonArray many;
    for (int i = 0; i < 51; ++i)
        many.append(QStringLiteral("K%1").arg(i));
    const CallOutcome tooMany = b.call(id, QStringLiteral("GetConfiguration"), QJsonObject{{QStringLiteral("key"), many}});
    QCOMPARE(tooMany.status, CallOutcome::Status::CallError);

    auto change = [&](const QString &key, const QString &value) {
        const CallOutcome o = b.call(id, QStringLiteral("ChangeConfiguration"), QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("value"), value}});
        return o.ok() ? o.payload.value(QStringLiteral("status")).toString() : o.describe();
    };
    QCOMPARE(change(QStringLiteral("HeartbeatInterval"), QStringLiteral("7")), QStringLiteral("Accepted"));
    QCOMPARE(change(QStringLiteral("MeterValuesSampledData"), QStringLiteral("Energy.Active.Import.Register,Voltage,SoC")), QStringLiteral("Accepted"));
    QCOMPARE(change(QStringLiteral("LocalPreAuthorize"), QStringLiteral("True")), QStringLiteral("Accepted"));
    QCOMPARE(change(QStringLiteral("NumberOfConnectors"), QStringLiteral("5")), QStringLiteral("Rejected"));
    QCOMPARE(change(QStringLiteral("NoSuchKey"), QStringLiteral("1")), QStringLiteral("NotSupported"));
    QCOMPARE(change(QStringLiteral("WebSocketPingInterval"), QStringLiteral("60")), QStringLiteral("RebootRequired"));
    QCOMPARE(change(QStringLiteral("WebSocketPingInterval"), QStringLiteral("-1")), QStringLiteral("Rejected"));
    QCOMPARE(change(QStringLiteral("HeartbeatInterval"), QStringLiteral("abc")), QStringLiteral("Rejected"));
    QCOMPARE(change(QStringLiteral("MeterValuesSampledData"), QStringLiteral("Energy.Active.Import.Register,Bogus")), QStringLiteral("Rejected"));
    QCOMPARE(change(QStringLiteral("AuthorizationKey"), QStringLiteral("short")), QStringLiteral("Rejected"));
    QCOMPARE(change(QStringLiteral("AuthorizationKey"), QStringLiteral("0011223344556677889900")), QStringLiteral("Accepted"));
    QCOMPARE(change(QStringLiteral("SecurityProfile"), QStringLiteral("0")), QStringLiteral("Rejected")); // never lowered (A05.FR.01)

    const CallOutcome after = b.call(id, QStringLiteral("GetConfiguration"),
                                     json(R"({"key":["HeartbeatInterval","MeterValuesSampledData","LocalPreAuthorize","NumberOfConnectors"]})"));
    QHash<QString, QString> values;
    for (const QJsonValue &k : after.payload.value(QStringLiteral("configurationKey")).toArray())
        values.insert(k[QStringLiteral("key")].toString(), k[QStringLiteral("value")].toString());
    QCOMPARE(values[QStringLiteral("HeartbeatInterval")], QStringLiteral("7"));
    QCOMPARE(values[QStringLiteral("MeterValuesSampledData")], QStringLiteral("Energy.Active.Import.Register,Voltage,SoC"));
    QCOMPARE(values[QStringLiteral("LocalPreAuthorize")], QStringLiteral("true"));
    QCOMPARE(values[QStringLiteral("NumberOfConnectors")], QStringLiteral("2"));
    QCOMPARE(st->settings().heartbeatIntervalS(), 7);
    QCOMPARE(st->settings().password(), QByteArray("0011223344556677889900"));
    // The new measurands are what a triggered MeterValues carries.
    const int before = b.count(id, QStringLiteral("MeterValues"));
    QCOMPARE(b.call(id, QStringLiteral("TriggerMessage"), json(R"({"requestedMessage":"MeterValues","connectorId":1})"))
                 .payload.value(QStringLiteral("status")).toString(),
             QStringLiteral("Accepted"));
    QVERIFY(b.waitFor(id, QStringLiteral("MeterValues"), before + 1));
    QSet<QString> measurands;
    for (const QJsonValue &s : payloadOf(b.frames(id, In, QStringLiteral("MeterValues")).last())[QStringLiteral("meterValue")][0][QStringLiteral("sampledValue")].toArray())
        measurands << s[QStringLiteral("measurand")].toString();
    QCOMPARE(measurands, (QSet<QString>{QStringLiteral("Energy.Active.Import.Register"), QStringLiteral("Voltage"), QStringLiteral("SoC")}));
    QCOMPARE(b.badFrames(), QStringList());
    QCOMPARE(b.stationErrors(), QStringList());
}

QTEST_GUILESS_MAIN(TestStationConfiguration)
#include "tst_stationconfiguration.moc"
