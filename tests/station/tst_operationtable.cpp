// The table of station operations without a station: every variant of every operation builds a
// CALL that validates against the official schema of each version, choices cover the schemas'
// enumerations, each version gets its own names and shapes, bad input is refused before anything
// is sent with what is allowed, and answers read in words.
#include "schema/actiondirection.h"
#include "schema/schemacatalog.h"
#include "schema/schemanode.h"
#include "schema/schemavalidator.h"
#include "station/operations/operationtable.h"
#include "station/stationstate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace cb;

namespace {

QJsonValue sample(const QString &operation, const OperationParameter &p, OcppVersion v)
{
    const QString n = p.name;
    if (n == QLatin1String("id-token"))
        return QStringLiteral("04A2B3C4");
    if (n == QLatin1String("transaction"))
        return v == OcppVersion::V16 ? QStringLiteral("42") : QStringLiteral("tx-9f1c");
    if (n == QLatin1String("vendor-id"))
        return QStringLiteral("com.example");
    if (n == QLatin1String("message-id"))
        return QStringLiteral("Ping");
    if (n == QLatin1String("data"))
        return QStringLiteral("{\"a\":1}");
    if (n == QLatin1String("variables"))
        return operation == QLatin1String("set-variables")
            ? QJsonValue(v == OcppVersion::V16 ? QStringLiteral("HeartbeatInterval=60") : QStringLiteral("OCPPCommCtrlr.HeartbeatInterval=60"))
            : QJsonValue(v == OcppVersion::V16 ? QStringLiteral("HeartbeatInterval,MeterValueSampleInterval")
                                               : QStringLiteral("OCPPCommCtrlr.HeartbeatInterval,EVSE[1].Power@max-set"));
    if (n == QLatin1String("criteria"))
        return QStringLiteral("active,problem");
    if (n == QLatin1String("components"))
        return QStringLiteral("EVSE[1],OCPPCommCtrlr.HeartbeatInterval");
    if (n == QLatin1String("url"))
        return QStringLiteral("wss://csms.example.com/ocpp/");
    if (n == QLatin1String("custom"))
        return QStringLiteral("com.example.Status");
    if (n == QLatin1String("identity"))
        return QStringLiteral("CP-1");
    if (n == QLatin1String("entries"))
        return QJsonArray{QJsonObject{{QStringLiteral("idToken"), QStringLiteral("04A2B3C4")}, {QStringLiteral("status"), QStringLiteral("accepted")}},
                          QJsonObject{{QStringLiteral("idToken"), QStringLiteral("0000BEEF")}, {QStringLiteral("status"), QStringLiteral("blocked")},
                                      {QStringLiteral("expiry"), QStringLiteral("2030-01-01T00:00:00Z")}}};
    if (n == QLatin1String("apn"))
        return QJsonObject{{QStringLiteral("apn"), QStringLiteral("internet")}, {QStringLiteral("apnAuthentication"), QStringLiteral("AUTO")}};
    if (n == QLatin1String("vpn"))
        return QJsonValue(); // left out: its password would only be a placeholder
    switch (p.type) {
    case OperationParameter::Type::Integer: return qMax<qint64>(p.minimum, 1);
    case OperationParameter::Type::Choice: return p.choicesFor(v).value(0);
    case OperationParameter::Type::Boolean: return true;
    default: return QStringLiteral("x");
    }
}

// Every operation of a version with: its required parameters, then each choice of each choice
// parameter, then each optional parameter added on its own.
QList<std::pair<QString, QJsonObject>> variants(OcppVersion v)
{
    QList<std::pair<QString, QJsonObject>> out;
    for (const OperationDefinition *d : OperationTable::instance().forVersion(v)) {
        QJsonObject base;
        for (const OperationParameter &p : d->spec.parameters)
            if (p.existsIn(v) && p.isRequiredIn(v))
                base.insert(p.name, sample(d->spec.name, p, v));
        if (d->spec.name == QLatin1String("start"))
            base.insert(QStringLiteral("id-token"), QStringLiteral("04A2B3C4"));
        out << std::pair(d->spec.name, base);
        for (const OperationParameter &p : d->spec.parameters) {
            if (!p.existsIn(v) || p.isRequiredIn(v))
                continue;
            if (p.type == OperationParameter::Type::Choice) {
                for (const QString &c : p.choicesFor(v)) {
                    QJsonObject a = base;
                    a.insert(p.name, c);
                    if (c == QLatin1String("custom"))
                        a.insert(QStringLiteral("custom"), QStringLiteral("com.example.Status"));
                    out << std::pair(d->spec.name, a);
                }
                continue;
            }
            const QJsonValue s = sample(d->spec.name, p, v);
            if (s.isUndefined() || s.isNull())
                continue;
            QJsonObject a = base;
            a.insert(p.name, s);
            if (p.name == QLatin1String("custom"))
                a.insert(QStringLiteral("message"), QStringLiteral("custom"));
            if (p.name == QLatin1String("connector") && d->spec.parameter(QStringLiteral("evse")) && d->spec.parameter(QStringLiteral("evse"))->existsIn(v))
                a.insert(QStringLiteral("evse"), 1); // 2.x connectors are numbered within an EVSE
            out << std::pair(d->spec.name, a);
        }
    }
    return out;
}

OcppRequest prepared(const QString &name, OcppVersion v, const QJsonObject &args)
{
    const PreparedOperation p = OperationTable::instance().prepare(name, v, args);
    if (p.refusal)
        qWarning() << name << args << p.refusal->text;
    return p.refusal ? OcppRequest{} : p.request;
}

QStringList schemaEnum(OcppVersion v, const QString &action, const QStringList &path)
{
    QStringList out;
    const QJsonObject schema = SchemaCatalog::instance().schema(v, action, PayloadKind::Request);
    for (const QJsonValue &e : schemanode::at(schema, path).value(QLatin1String("enum")).toArray())
        out << e.toString();
    return out;
}

} // namespace

class TestOperationTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyRequestValidates_data();
    void everyRequestValidates();
    void theTableHasTheNamedOperations();
    void choicesCoverTheSchemaEnumerations();
    void versionsUseTheirOwnNames();
    void reportsAndVariablesInOcppShape();
    void stopNeedsAnIntegerIn16();
    void badInputIsRefusedWithWhatIsAllowed();
    void destructiveOnesAreKnown();
    void runningTransactionsNewestFirst();
    void answersReadInWords();
    void theListingDescribesEveryParameter();
    void commandLineTextBecomesTypedValues();
};

void TestOperationTable::everyRequestValidates_data()
{
    QTest::addColumn<OcppVersion>("version");
    for (OcppVersion v : kAllVersions)
        QTest::newRow(qPrintable(versionName(v))) << v;
}

void TestOperationTable::everyRequestValidates()
{
    QFETCH(OcppVersion, version);
    const QStringList csmsActions = csmsInitiatedActions(version);
    int built = 0;
    for (const auto &[name, args] : variants(version)) {
        const PreparedOperation p = OperationTable::instance().prepare(name, version, args);
        QVERIFY2(!p.refusal, qPrintable(name + QStringLiteral(" ") + QString::fromUtf8(QJsonDocument(args).toJson(QJsonDocument::Compact))
                                        + QStringLiteral(": ") + (p.refusal ? p.refusal->text : QString())));
        QVERIFY2(csmsActions.contains(p.request.action), qPrintable(p.request.action));
        const Violations v = SchemaValidator::shared().validate(version, p.request.action, PayloadKind::Request, p.request.payload);
        QVERIFY2(v.isEmpty(), qPrintable(p.request.action + QStringLiteral(" ")
                                         + QString::fromUtf8(QJsonDocument(p.request.payload).toJson(QJsonDocument::Compact))
                                         + QStringLiteral(": ") + describe(v)));
        ++built;
    }
    QVERIFY2(built > 20, qPrintable(QString::number(built)));
}

void TestOperationTable::theTableHasTheNamedOperations()
{
    const QStringList expected{QStringLiteral("reset"), QStringLiteral("change-availability"), QStringLiteral("unlock"), QStringLiteral("trigger"),
                               QStringLiteral("start"), QStringLiteral("stop"), QStringLiteral("clear-cache"), QStringLiteral("send-local-list"),
                               QStringLiteral("get-local-list-version"), QStringLiteral("data-transfer"), QStringLiteral("get-variables"),
                               QStringLiteral("set-variables"), QStringLiteral("get-report"), QStringLiteral("set-network-profile")};
    for (const QString &name : expected)
        QVERIFY2(OperationTable::instance().find(name), qPrintable(name));
    const QStringList names = OperationTable::instance().names();
    QCOMPARE(QSet<QString>(expected.begin(), expected.end()), QSet<QString>(names.begin(), names.end()));
    QVERIFY(!OperationTable::instance().find(QStringLiteral("set-network-profile"))->spec.supports(OcppVersion::V16));
}

void TestOperationTable::choicesCoverTheSchemaEnumerations()
{
    for (OcppVersion v : kAllVersions) {
        // Reset: every type of the version's schema, and nothing else.
        QSet<QString> resetTypes;
        for (const QString &c : OperationTable::instance().find(QStringLiteral("reset"))->spec.parameter(QStringLiteral("type"))->choicesFor(v))
            resetTypes << prepared(QStringLiteral("reset"), v, {{QStringLiteral("type"), c}}).payload.value(QLatin1String("type")).toString();
        const QStringList schemaTypes = schemaEnum(v, QStringLiteral("Reset"), {QStringLiteral("type")});
        QCOMPARE(resetTypes, QSet<QString>(schemaTypes.begin(), schemaTypes.end()));

        // Trigger: 1.6 TriggerMessage and ExtendedTriggerMessage together, 2.x TriggerMessage.
        QSet<QString> triggered;
        for (const QString &c : OperationTable::instance().find(QStringLiteral("trigger"))->spec.parameter(QStringLiteral("message"))->choicesFor(v)) {
            QJsonObject a{{QStringLiteral("message"), c}};
            if (c == QLatin1String("custom"))
                a.insert(QStringLiteral("custom"), QStringLiteral("x"));
            const OcppRequest r = prepared(QStringLiteral("trigger"), v, a);
            triggered << r.action + QLatin1Char(':') + r.payload.value(QLatin1String("requestedMessage")).toString();
            if (v == OcppVersion::V16 && c != QLatin1String("diagnostics-status")) {
                a.insert(QStringLiteral("extended"), true);
                const OcppRequest e = prepared(QStringLiteral("trigger"), v, a);
                triggered << e.action + QLatin1Char(':') + e.payload.value(QLatin1String("requestedMessage")).toString();
            }
        }
        QSet<QString> schemaTriggers;
        for (const QString &m : schemaEnum(v, QStringLiteral("TriggerMessage"), {QStringLiteral("requestedMessage")}))
            schemaTriggers << QStringLiteral("TriggerMessage:") + m;
        if (v == OcppVersion::V16)
            for (const QString &m : schemaEnum(v, QStringLiteral("ExtendedTriggerMessage"), {QStringLiteral("requestedMessage")}))
                schemaTriggers << QStringLiteral("ExtendedTriggerMessage:") + m;
        QCOMPARE(triggered, schemaTriggers);
    }
    const auto tokenTypes = OperationTable::instance().find(QStringLiteral("start"))->spec.parameter(QStringLiteral("token-type"));
    QVERIFY(!tokenTypes->existsIn(OcppVersion::V16));
    QVERIFY(tokenTypes->choicesFor(OcppVersion::V201).contains(QStringLiteral("iso14443")));
    QVERIFY(!tokenTypes->choicesFor(OcppVersion::V201).contains(QStringLiteral("vin")));
    QVERIFY(tokenTypes->choicesFor(OcppVersion::V21).contains(QStringLiteral("vin"))); // 2.1 appendix strings
    QSet<QString> wireTypes;
    for (const QString &c : tokenTypes->choicesFor(OcppVersion::V201))
        wireTypes << prepared(QStringLiteral("start"), OcppVersion::V201, {{QStringLiteral("id-token"), QStringLiteral("T")}, {QStringLiteral("token-type"), c}})
                         .payload.value(QLatin1String("idToken")).toObject().value(QLatin1String("type")).toString();
    const QStringList schemaTokenTypes = schemaEnum(OcppVersion::V201, QStringLiteral("RequestStartTransaction"), {QStringLiteral("idToken"), QStringLiteral("type")});
    QCOMPARE(wireTypes, QSet<QString>(schemaTokenTypes.begin(), schemaTokenTypes.end()));
}

void TestOperationTable::versionsUseTheirOwnNames()
{
    const OcppRequest start16 = prepared(QStringLiteral("start"), OcppVersion::V16, {{QStringLiteral("id-token"), QStringLiteral("TAG")}, {QStringLiteral("connector"), 2}});
    QCOMPARE(start16.action, QStringLiteral("RemoteStartTransaction"));
    QCOMPARE(start16.payload, (QJsonObject{{QStringLiteral("idTag"), QStringLiteral("TAG")}, {QStringLiteral("connectorId"), 2}}));
    const OcppRequest start201 = prepared(QStringLiteral("start"), OcppVersion::V201,
                                          {{QStringLiteral("id-token"), QStringLiteral("TAG")}, {QStringLiteral("token-type"), QStringLiteral("central")},
                                           {QStringLiteral("remote-start-id"), 5}});
    QCOMPARE(start201.action, QStringLiteral("RequestStartTransaction"));
    QCOMPARE(start201.payload.value(QLatin1String("remoteStartId")).toInt(), 5);
    QCOMPARE(start201.payload.value(QLatin1String("idToken")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("Central"));
    QVERIFY(!start201.payload.contains(QLatin1String("evseId")));
    // Without a remoteStartId a fresh one is made each time.
    const OcppRequest a = prepared(QStringLiteral("start"), OcppVersion::V21, {{QStringLiteral("id-token"), QStringLiteral("T")}});
    const OcppRequest b = prepared(QStringLiteral("start"), OcppVersion::V21, {{QStringLiteral("id-token"), QStringLiteral("T")}});
    QVERIFY(a.payload.value(QLatin1String("remoteStartId")).toInteger() > 0);
    QVERIFY(a.payload.value(QLatin1String("remoteStartId")) != b.payload.value(QLatin1String("remoteStartId")));
    // 2.1 token types are free strings of up to 20 characters.
    QCOMPARE(prepared(QStringLiteral("start"), OcppVersion::V21, {{QStringLiteral("id-token"), QStringLiteral("T")}, {QStringLiteral("token-type"), QStringLiteral("OperatorX")}})
                 .payload.value(QLatin1String("idToken")).toObject().value(QLatin1String("type")).toString(),
             QStringLiteral("OperatorX"));

    const OcppRequest avail16 = prepared(QStringLiteral("change-availability"), OcppVersion::V16,
                                         {{QStringLiteral("status"), QStringLiteral("inoperative")}, {QStringLiteral("connector"), 2}});
    QCOMPARE(avail16.payload, (QJsonObject{{QStringLiteral("connectorId"), 2}, {QStringLiteral("type"), QStringLiteral("Inoperative")}}));
    const OcppRequest avail21 = prepared(QStringLiteral("change-availability"), OcppVersion::V21,
                                         {{QStringLiteral("status"), QStringLiteral("operative")}, {QStringLiteral("evse"), 3}, {QStringLiteral("connector"), 2}});
    QCOMPARE(avail21.payload.value(QLatin1String("evse")).toObject(), (QJsonObject{{QStringLiteral("id"), 3}, {QStringLiteral("connectorId"), 2}}));
    QCOMPARE(prepared(QStringLiteral("reset"), OcppVersion::V16, {{QStringLiteral("type"), QStringLiteral("on-idle")}}).payload,
             (QJsonObject{{QStringLiteral("type"), QStringLiteral("Soft")}}));
    QCOMPARE(prepared(QStringLiteral("reset"), OcppVersion::V16, {{QStringLiteral("type"), QStringLiteral("immediate")}}).payload,
             (QJsonObject{{QStringLiteral("type"), QStringLiteral("Hard")}}));
    QCOMPARE(prepared(QStringLiteral("reset"), OcppVersion::V201, {{QStringLiteral("type"), QStringLiteral("immediate")}, {QStringLiteral("evse"), 2}}).payload,
             (QJsonObject{{QStringLiteral("type"), QStringLiteral("Immediate")}, {QStringLiteral("evseId"), 2}}));
    QCOMPARE(prepared(QStringLiteral("trigger"), OcppVersion::V21, {{QStringLiteral("message"), QStringLiteral("custom")}, {QStringLiteral("custom"), QStringLiteral("x")}})
                 .payload.value(QLatin1String("customTrigger")),
             QJsonValue(QStringLiteral("x")));
    // 1.6 messages of the security extension go as ExtendedTriggerMessage.
    const OcppRequest sign16 = prepared(QStringLiteral("trigger"), OcppVersion::V16, {{QStringLiteral("message"), QStringLiteral("sign-charging-station-certificate")}});
    QCOMPARE(sign16.action, QStringLiteral("ExtendedTriggerMessage"));
    QCOMPARE(sign16.payload.value(QLatin1String("requestedMessage")).toString(), QStringLiteral("SignChargePointCertificate"));
    // Variables: 1.6 configuration keys, 2.x component and variable.
    QCOMPARE(prepared(QStringLiteral("get-variables"), OcppVersion::V16, {{QStringLiteral("variables"), QStringLiteral("HeartbeatInterval")}}).payload,
             (QJsonObject{{QStringLiteral("key"), QJsonArray{QStringLiteral("HeartbeatInterval")}}}));
    const OcppRequest set201 = prepared(QStringLiteral("set-variables"), OcppVersion::V201,
                                        {{QStringLiteral("variables"), QStringLiteral("EVSE[1].Power@max-set=11000")}});
    QCOMPARE(set201.action, QStringLiteral("SetVariables"));
    const QJsonObject item = set201.payload.value(QLatin1String("setVariableData")).toArray().first().toObject();
    QCOMPARE(item.value(QLatin1String("component")).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("EVSE")}, {QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), 1}}}}));
    QCOMPARE(item.value(QLatin1String("attributeType")).toString(), QStringLiteral("MaxSet"));
    QCOMPARE(item.value(QLatin1String("attributeValue")).toString(), QStringLiteral("11000"));
    QCOMPARE(prepared(QStringLiteral("get-report"), OcppVersion::V16, {}).action, QStringLiteral("GetConfiguration"));
    QCOMPARE(prepared(QStringLiteral("get-report"), OcppVersion::V21, {{QStringLiteral("base"), QStringLiteral("summary")}})
                 .payload.value(QLatin1String("reportBase")).toString(),
             QStringLiteral("SummaryInventory"));
}

void TestOperationTable::reportsAndVariablesInOcppShape()
{
    // Criteria or components turn get-report into GetReport; a component may stand without a variable.
    const OcppRequest report = prepared(QStringLiteral("get-report"), OcppVersion::V201,
                                        {{QStringLiteral("criteria"), QStringLiteral("problem, active")},
                                         {QStringLiteral("components"), QStringLiteral("EVSE[1],OCPPCommCtrlr.HeartbeatInterval")},
                                         {QStringLiteral("request-id"), 42}});
    QCOMPARE(report.action, QStringLiteral("GetReport"));
    QCOMPARE(report.payload.value(QLatin1String("requestId")).toInt(), 42);
    QCOMPARE(report.payload.value(QLatin1String("componentCriteria")).toArray(), (QJsonArray{QStringLiteral("Problem"), QStringLiteral("Active")}));
    const QJsonArray cv = report.payload.value(QLatin1String("componentVariable")).toArray();
    QCOMPARE(cv.size(), 2);
    QCOMPARE(cv.at(0).toObject(), (QJsonObject{{QStringLiteral("component"),
                                                QJsonObject{{QStringLiteral("name"), QStringLiteral("EVSE")}, {QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), 1}}}}}}));
    QCOMPARE(cv.at(1).toObject().value(QLatin1String("variable")).toObject().value(QLatin1String("name")).toString(), QStringLiteral("HeartbeatInterval"));
    const PreparedOperation badCriterion = OperationTable::instance().prepare(QStringLiteral("get-report"), OcppVersion::V201,
                                                                              {{QStringLiteral("criteria"), QStringLiteral("broken")}});
    QVERIFY(badCriterion.refusal);
    QVERIFY2(badCriterion.refusal->text.contains(QStringLiteral("criteria")), qPrintable(badCriterion.refusal->text));
    QVERIFY(OperationTable::instance().prepare(QStringLiteral("get-report"), OcppVersion::V16, {{QStringLiteral("criteria"), QStringLiteral("problem")}}).refusal);

    // OCPP's own GetVariableData / SetVariableData go through unchanged, as a station log holds them.
    const QJsonObject getData{{QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), QStringLiteral("EVSE")}, {QStringLiteral("instance"), QStringLiteral("a")},
                                                                       {QStringLiteral("evse"), QJsonObject{{QStringLiteral("id"), 2}, {QStringLiteral("connectorId"), 1}}}}},
                              {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Power")}, {QStringLiteral("instance"), QStringLiteral("b")}}},
                              {QStringLiteral("attributeType"), QStringLiteral("MaxSet")}};
    QCOMPARE(prepared(QStringLiteral("get-variables"), OcppVersion::V201, {{QStringLiteral("variables"), QJsonArray{getData}}})
                 .payload.value(QLatin1String("getVariableData")).toArray(),
             QJsonArray{getData});
    QJsonObject setData = getData;
    setData.insert(QStringLiteral("attributeValue"), QStringLiteral("7400"));
    QCOMPARE(prepared(QStringLiteral("set-variables"), OcppVersion::V21, {{QStringLiteral("variables"), QJsonArray{setData}}})
                 .payload.value(QLatin1String("setVariableData")).toArray(),
             QJsonArray{setData});
    // A 1.6 key with its value, as the device model's writer sends it.
    QCOMPARE(prepared(QStringLiteral("set-variables"), OcppVersion::V16,
                      {{QStringLiteral("variables"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("MeterValueSampleInterval")},
                                                                            {QStringLiteral("value"), QStringLiteral("a,b")}}}}})
                 .payload,
             (QJsonObject{{QStringLiteral("key"), QStringLiteral("MeterValueSampleInterval")}, {QStringLiteral("value"), QStringLiteral("a,b")}}));
}

void TestOperationTable::stopNeedsAnIntegerIn16()
{
    const PreparedOperation bad = OperationTable::instance().prepare(QStringLiteral("stop"), OcppVersion::V16, {{QStringLiteral("transaction"), QStringLiteral("tx-1")}});
    QVERIFY(bad.refusal);
    QCOMPARE(bad.refusal->kind, OperationResult::Kind::InvalidParameters);
    QVERIFY(bad.refusal->text.contains(QStringLiteral("integer")));
    QVERIFY(OperationTable::instance().prepare(QStringLiteral("stop"), OcppVersion::V201, {{QStringLiteral("transaction"), QStringLiteral("  ")}}).refusal);
    const OcppRequest good = prepared(QStringLiteral("stop"), OcppVersion::V16, {{QStringLiteral("transaction"), QStringLiteral(" 17 ")}});
    QCOMPARE(good.payload.value(QLatin1String("transactionId")), QJsonValue(17));
}

void TestOperationTable::badInputIsRefusedWithWhatIsAllowed()
{
    const OperationTable &t = OperationTable::instance();
    auto refusal = [&](const QString &name, OcppVersion v, const QJsonObject &args) {
        const PreparedOperation p = t.prepare(name, v, args, QStringLiteral("CP-1"));
        return p.refusal ? *p.refusal : OperationResult{};
    };
    const OperationResult unknown = refusal(QStringLiteral("reboot"), OcppVersion::V201, {});
    QCOMPARE(unknown.kind, OperationResult::Kind::InvalidParameters);
    QVERIFY2(unknown.text.contains(QStringLiteral("reset")), qPrintable(unknown.text)); // lists the operations

    const OperationResult evse16 = refusal(QStringLiteral("reset"), OcppVersion::V16, {{QStringLiteral("evse"), 1}});
    QCOMPARE(evse16.kind, OperationResult::Kind::InvalidParameters);
    QVERIFY2(evse16.text.contains(QStringLiteral("2.0.1")) && evse16.text.contains(QStringLiteral("type")), qPrintable(evse16.text));

    const OperationResult badType = refusal(QStringLiteral("reset"), OcppVersion::V201, {{QStringLiteral("type"), QStringLiteral("immediate-and-resume")}});
    QVERIFY2(badType.text.contains(QStringLiteral("immediate, on-idle")), qPrintable(badType.text)); // 2.1 only

    const OperationResult range = refusal(QStringLiteral("change-availability"), OcppVersion::V21,
                                          {{QStringLiteral("status"), QStringLiteral("operative")}, {QStringLiteral("evse"), 100000}});
    QVERIFY2(range.text.contains(QStringLiteral("0 to 999")), qPrintable(range.text));

    const OperationResult missing = refusal(QStringLiteral("unlock"), OcppVersion::V201, {{QStringLiteral("evse"), 1}});
    QVERIFY2(missing.text.contains(QStringLiteral("(connector)")), qPrintable(missing.text));

    const OperationResult notANumber = refusal(QStringLiteral("unlock"), OcppVersion::V16, {{QStringLiteral("connector"), QStringLiteral("one")}});
    QVERIFY2(notANumber.text.contains(QStringLiteral("whole number")), qPrintable(notANumber.text));

    const OperationResult unknownParam = refusal(QStringLiteral("clear-cache"), OcppVersion::V16, {{QStringLiteral("force"), true}});
    QVERIFY2(unknownParam.text.contains(QStringLiteral("no parameter")), qPrintable(unknownParam.text));

    const OperationResult version = refusal(QStringLiteral("set-network-profile"), OcppVersion::V16, {});
    QCOMPARE(version.kind, OperationResult::Kind::NotSupported);
    QVERIFY2(version.text.contains(QStringLiteral("2.0.1, 2.1")), qPrintable(version.text));

    const OperationResult twoKeys = refusal(QStringLiteral("set-variables"), OcppVersion::V16, {{QStringLiteral("variables"), QStringLiteral("A=1,B=2")}});
    QVERIFY2(twoKeys.text.contains(QStringLiteral("one configuration key")), qPrintable(twoKeys.text));
    const OperationResult noComponent = refusal(QStringLiteral("get-variables"), OcppVersion::V201,
                                                {{QStringLiteral("variables"), QJsonArray{QJsonObject{{QStringLiteral("variable"), QStringLiteral("X")}}}}});
    QVERIFY2(noComponent.text.contains(QStringLiteral("component")), qPrintable(noComponent.text));
    const OperationResult tooLong = refusal(QStringLiteral("start"), OcppVersion::V16, {{QStringLiteral("id-token"), QString(21, QLatin1Char('T'))}});
    QVERIFY2(tooLong.text.contains(QStringLiteral("20")), qPrintable(tooLong.text));
}

void TestOperationTable::destructiveOnesAreKnown()
{
    const OperationTable &t = OperationTable::instance();
    auto destructive = [&](const QString &name, const QJsonObject &args) { return t.find(name)->spec.isDestructive(args); };
    QVERIFY(destructive(QStringLiteral("reset"), {}));
    QVERIFY(destructive(QStringLiteral("change-availability"), {{QStringLiteral("status"), QStringLiteral("inoperative")}}));
    QVERIFY(!destructive(QStringLiteral("change-availability"), {{QStringLiteral("status"), QStringLiteral("operative")}}));
    QVERIFY(destructive(QStringLiteral("unlock"), {}));
    QVERIFY(destructive(QStringLiteral("stop"), {}));
    QVERIFY(destructive(QStringLiteral("clear-cache"), {}));
    QVERIFY(destructive(QStringLiteral("send-local-list"), {{QStringLiteral("update-type"), QStringLiteral("full")}}));
    QVERIFY(!destructive(QStringLiteral("send-local-list"), {{QStringLiteral("update-type"), QStringLiteral("differential")}}));
    QVERIFY(!destructive(QStringLiteral("trigger"), {}));
    QVERIFY(!destructive(QStringLiteral("start"), {}));
    QVERIFY(!destructive(QStringLiteral("data-transfer"), {}));
    QVERIFY(!destructive(QStringLiteral("get-variables"), {}));
}

void TestOperationTable::runningTransactionsNewestFirst()
{
    StationSnapshot s;
    TransactionRecord a, b, c;
    a.transactionId = QStringLiteral("A");
    b.transactionId = QStringLiteral("B");
    b.active = false;
    c.transactionId = QStringLiteral("C");
    s.transactions = {a, b, c};
    QCOMPARE(s.activeTransactionIds(), (QStringList{QStringLiteral("C"), QStringLiteral("A")}));
    QVERIFY(StationSnapshot{}.activeTransactionIds().isEmpty());
}

void TestOperationTable::answersReadInWords()
{
    const OcppRequest req{QStringLiteral("Reset"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Soft")}}};
    CallOutcome ok;
    ok.status = CallOutcome::Status::Result;
    ok.action = QStringLiteral("Reset");
    ok.messageId = QStringLiteral("m1");
    ok.latencyMs = 12;
    ok.payload = QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}};
    const OperationResult accepted = OperationResult::fromOutcome(QStringLiteral("reset"), QStringLiteral("CP"), OcppVersion::V16, req, ok);
    QCOMPARE(accepted.kind, OperationResult::Kind::Accepted);
    QCOMPARE(accepted.answerLine(), QStringLiteral("Accepted \u2014 12 ms"));
    QCOMPARE(accepted.toJson().value(QLatin1String("action")).toString(), QStringLiteral("Reset"));
    QCOMPARE(accepted.toJson().value(QLatin1String("result")).toString(), QStringLiteral("accepted"));

    CallOutcome no = ok;
    no.payload = QJsonObject{{QStringLiteral("status"), QStringLiteral("Rejected")},
                             {QStringLiteral("statusInfo"), QJsonObject{{QStringLiteral("reasonCode"), QStringLiteral("BadState")},
                                                                       {QStringLiteral("additionalInfo"), QStringLiteral("charging")}}}};
    const OperationResult rejected = OperationResult::fromOutcome(QStringLiteral("reset"), QStringLiteral("CP"), OcppVersion::V201, req, no);
    QCOMPARE(rejected.kind, OperationResult::Kind::Rejected);
    QCOMPARE(rejected.reason, QStringLiteral("BadState"));
    QCOMPARE(rejected.answerLine(), QStringLiteral("Rejected (BadState: charging) \u2014 12 ms"));

    CallOutcome data = ok;
    data.action = QStringLiteral("DataTransfer");
    data.payload = QJsonObject{{QStringLiteral("status"), QStringLiteral("Accepted")}, {QStringLiteral("data"), QJsonObject{{QStringLiteral("k"), 1}}}};
    OperationResult transferred = OperationResult::fromOutcome(QStringLiteral("data-transfer"), QStringLiteral("CP"), OcppVersion::V201,
                                                               OcppRequest{QStringLiteral("DataTransfer"), {}}, data);
    OperationTable::instance().find(QStringLiteral("data-transfer"))->interpret(transferred);
    QVERIFY2(transferred.answerLine().contains(QStringLiteral("data: {\"k\":1}")), qPrintable(transferred.answerLine()));

    CallOutcome err;
    err.status = CallOutcome::Status::CallError;
    err.action = QStringLiteral("ClearCache");
    err.messageId = QStringLiteral("m2");
    err.errorCode = QStringLiteral("NotSupported");
    const OperationResult callError = OperationResult::fromOutcome(QStringLiteral("clear-cache"), QStringLiteral("CP"), OcppVersion::V16, req, err);
    QCOMPARE(callError.kind, OperationResult::Kind::CallError);
    QCOMPARE(callError.reason, QStringLiteral("NotSupported"));
    QVERIFY(callError.answerLine().contains(QStringLiteral("CALLERROR NotSupported")));

    CallOutcome late;
    late.status = CallOutcome::Status::Timeout;
    late.action = QStringLiteral("UnlockConnector");
    late.messageId = QStringLiteral("m3");
    late.latencyMs = 2000;
    const OperationResult timeout = OperationResult::fromOutcome(QStringLiteral("unlock"), QStringLiteral("CP"), OcppVersion::V16, req, late);
    QCOMPARE(timeout.kind, OperationResult::Kind::Timeout);
    QVERIFY(timeout.answerLine().contains(QStringLiteral("No answer")));

    // Nested statuses decide get-variables: one unknown variable makes it a refusal, in words.
    CallOutcome read = ok;
    read.action = QStringLiteral("GetVariables");
    read.payload = QJsonObject{{QStringLiteral("getVariableResult"),
                                QJsonArray{QJsonObject{{QStringLiteral("attributeStatus"), QStringLiteral("Accepted")},
                                                       {QStringLiteral("attributeValue"), QStringLiteral("60")},
                                                       {QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), QStringLiteral("OCPPCommCtrlr")}}},
                                                       {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), QStringLiteral("HeartbeatInterval")}}}},
                                           QJsonObject{{QStringLiteral("attributeStatus"), QStringLiteral("UnknownVariable")},
                                                       {QStringLiteral("component"), QJsonObject{{QStringLiteral("name"), QStringLiteral("X")}}},
                                                       {QStringLiteral("variable"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Y")}}}}}}};
    OperationResult variables = OperationResult::fromOutcome(QStringLiteral("get-variables"), QStringLiteral("CP"), OcppVersion::V201,
                                                             OcppRequest{QStringLiteral("GetVariables"), {}}, read);
    OperationTable::instance().find(QStringLiteral("get-variables"))->interpret(variables);
    QCOMPARE(variables.kind, OperationResult::Kind::Rejected);
    QVERIFY2(variables.text.contains(QStringLiteral("X.Y: UnknownVariable")), qPrintable(variables.text));
    QCOMPARE(variables.data.toArray().first().toObject().value(QLatin1String("value")).toString(), QStringLiteral("60"));
}

void TestOperationTable::theListingDescribesEveryParameter()
{
    const QJsonArray all = OperationTable::instance().toJson();
    QCOMPARE(all.size(), OperationTable::instance().definitions().size());
    QJsonObject reset;
    for (const QJsonValue &o : all)
        if (o.toObject().value(QLatin1String("name")).toString() == QLatin1String("reset"))
            reset = o.toObject();
    QCOMPARE(reset.value(QLatin1String("block")).toString(), QStringLiteral("provisioning"));
    const QJsonArray params = reset.value(QLatin1String("parameters")).toArray();
    QCOMPARE(params.size(), 2);
    const QJsonObject type = params.at(0).toObject();
    QCOMPARE(type.value(QLatin1String("values")).toObject().value(QLatin1String("1.6")).toArray(),
             (QJsonArray{QStringLiteral("immediate"), QStringLiteral("on-idle")}));
    QVERIFY(type.value(QLatin1String("values")).toObject().value(QLatin1String("2.1")).toArray().contains(QStringLiteral("immediate-and-resume")));
    QCOMPARE(params.at(1).toObject().value(QLatin1String("versions")).toArray(), (QJsonArray{QStringLiteral("2.0.1"), QStringLiteral("2.1")}));
}

void TestOperationTable::commandLineTextBecomesTypedValues()
{
    const OperationSpec &spec = OperationTable::instance().find(QStringLiteral("send-local-list"))->spec;
    const auto converted = OperationArgs::fromStrings(spec, {{QStringLiteral("version"), QStringLiteral("7")},
                                                             {QStringLiteral("entries"), QStringLiteral(R"([{"idToken":"A1","status":"accepted"}])")}});
    QVERIFY(converted.ok());
    QVERIFY(converted.value().value(QLatin1String("entries")).isArray());
    const auto checked = OperationArgs::check(spec, OcppVersion::V201, converted.value());
    QVERIFY(checked.ok());
    QCOMPARE(checked.value().integer(QStringLiteral("version")), std::optional<qint64>(7));
    QCOMPARE(checked.value().string(QStringLiteral("update-type")), QStringLiteral("full")); // the default
    // Broken JSON is refused with where it broke; the short text form of variables is kept as text.
    const auto broken = OperationArgs::fromStrings(spec, {{QStringLiteral("entries"), QStringLiteral("[{\"idToken\":")}});
    QVERIFY(!broken.ok());
    QVERIFY2(broken.error().message.contains(QStringLiteral("not valid JSON")), qPrintable(broken.error().message));
    const OperationSpec &set = OperationTable::instance().find(QStringLiteral("set-variables"))->spec;
    const auto text = OperationArgs::fromStrings(set, {{QStringLiteral("variables"), QStringLiteral("OCPPCommCtrlr.HeartbeatInterval=60")}});
    QVERIFY(text.ok());
    QCOMPARE(text.value().value(QLatin1String("variables")).toString(), QStringLiteral("OCPPCommCtrlr.HeartbeatInterval=60"));
}

QTEST_MAIN(TestOperationTable)
#include "tst_operationtable.moc"
