// Validation messages name the JSON path and the rule; error codes follow OCPP-J.
#include "schema/datetime.h"
#include "schema/schemavalidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace cb;

namespace {
QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }
} // namespace

class TestSchemaValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validBootNotification201()
    {
        const auto v = SchemaValidator::shared().validate(
            OcppVersion::V201, QStringLiteral("BootNotification"), PayloadKind::Request,
            json(R"({"reason":"PowerUp","chargingStation":{"model":"M1","vendorName":"V"}})"));
        QVERIFY2(v.isEmpty(), qPrintable(describe(v)));
    }

    void violations_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("code");

        QTest::newRow("maxLength nested") << "2.0.1" << "BootNotification" << "request"
            << R"({"reason":"PowerUp","chargingStation":{"model":"012345678901234567890","vendorName":"V"}})"
            << "/chargingStation/model: longer than maxLength 20" << "PropertyConstraintViolation";
        QTest::newRow("required nested") << "2.0.1" << "BootNotification" << "request"
            << R"({"reason":"PowerUp","chargingStation":{"vendorName":"V"}})"
            << "/chargingStation/model: required property missing" << "OccurrenceConstraintViolation";
        QTest::newRow("type") << "1.6" << "StatusNotification" << "request"
            << R"({"connectorId":"1","errorCode":"NoError","status":"Available"})"
            << "/connectorId: expected integer, got string" << "TypeConstraintViolation";
        QTest::newRow("enum") << "1.6" << "StatusNotification" << "request"
            << R"({"connectorId":1,"errorCode":"NoError","status":"Idle"})"
            << "/status: \"Idle\" is not one of Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, ..."
            << "PropertyConstraintViolation";
        QTest::newRow("unknown property") << "2.1" << "Heartbeat" << "request" << R"({"foo":1})"
            << "/foo: property not defined by the schema" << "FormatViolation";
        QTest::newRow("date-time") << "1.6" << "Heartbeat" << "response" << R"({"currentTime":"yesterday"})"
            << "/currentTime: \"yesterday\" is not an RFC 3339 date-time" << "FormatViolation";
        QTest::newRow("array item") << "2.0.1" << "GetVariables" << "request"
            << R"({"getVariableData":[{"component":{"name":"C"},"variable":{"name":"V"}},{"component":{"name":"C"}}]})"
            << "/getVariableData/1/variable: required property missing" << "OccurrenceConstraintViolation";
        QTest::newRow("minItems") << "2.0.1" << "GetVariables" << "request" << R"({"getVariableData":[]})"
            << "/getVariableData: fewer items than minItems 1" << "OccurrenceConstraintViolation";
        QTest::newRow("minimum") << "2.1" << "AdjustPeriodicEventStream" << "request"
            << R"({"id":-1,"params":{}})" << "/id: -1 is below minimum 0" << "PropertyConstraintViolation";
        QTest::newRow("multipleOf") << "1.6" << "SetChargingProfile" << "request"
            << R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":7.45}]}}})"
            << "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit: 7.45 is not a multiple of 0.1"
            << "PropertyConstraintViolation";
    }

    void violations()
    {
        QFETCH(QString, version);
        QFETCH(QString, action);
        QFETCH(QString, kind);
        QFETCH(QString, payload);
        QFETCH(QString, text);
        QFETCH(QString, code);
        const PayloadKind k = kind == QLatin1String("request") ? PayloadKind::Request : PayloadKind::Response;
        const auto v = SchemaValidator::shared().validate(*parseVersion(version), action, k,
                                                          QJsonDocument::fromJson(payload.toUtf8()).object());
        QVERIFY(!v.isEmpty());
        QCOMPARE(v.first().text(), text);
        QCOMPARE(canonicalName(v.first().code), code);
    }

    void multipleOfToleratesBinaryFractions()
    {
        // 7.4 / 0.1 is 74.00000000000001 in binary floating point; it is still a multiple.
        for (double limit : {7.4, 0.3, 16.0, 32.1, 0.0}) {
            QJsonObject period{{QStringLiteral("startPeriod"), 0}, {QStringLiteral("limit"), limit}};
            const QJsonObject payload = json(R"({"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[]}}})");
            QJsonObject profiles = payload.value(QStringLiteral("csChargingProfiles")).toObject();
            QJsonObject schedule = profiles.value(QStringLiteral("chargingSchedule")).toObject();
            schedule.insert(QStringLiteral("chargingSchedulePeriod"), QJsonArray{period});
            profiles.insert(QStringLiteral("chargingSchedule"), schedule);
            QJsonObject p = payload;
            p.insert(QStringLiteral("csChargingProfiles"), profiles);
            const auto v = SchemaValidator::shared().validate(OcppVersion::V16, QStringLiteral("SetChargingProfile"),
                                                              PayloadKind::Request, p);
            QVERIFY2(v.isEmpty(), qPrintable(QString::number(limit) + QStringLiteral(": ") + describe(v)));
        }
    }

    void rfc3339_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("Z") << "2026-01-01T00:00:00Z" << true;
        QTest::newRow("millis") << "2013-02-01T20:53:32.486Z" << true;
        QTest::newRow("offset") << "2026-06-30T23:59:59+02:00" << true;
        QTest::newRow("lowercase") << "2026-06-30t23:59:59z" << true;
        QTest::newRow("leap day") << "2024-02-29T12:00:00Z" << true;
        QTest::newRow("leap second") << "2016-12-31T23:59:60Z" << true;
        QTest::newRow("no leap day") << "2026-02-29T12:00:00Z" << false;
        QTest::newRow("1900 not leap") << "1900-02-29T12:00:00Z" << false;
        QTest::newRow("2000 leap") << "2000-02-29T12:00:00Z" << true;
        QTest::newRow("month 13") << "2026-13-01T00:00:00Z" << false;
        QTest::newRow("no zone") << "2026-01-01T00:00:00" << false;
        QTest::newRow("space") << "2026-01-01 00:00:00Z" << false;
        QTest::newRow("hour 24") << "2026-01-01T24:00:00Z" << false;
        QTest::newRow("empty fraction") << "2026-01-01T00:00:00.Z" << false;
        QTest::newRow("trailing") << "2026-01-01T00:00:00Zx" << false;
        QTest::newRow("short offset") << "2026-01-01T00:00:00+0200" << false;
        QTest::newRow("date only") << "2026-01-01" << false;
        QTest::newRow("long fraction, negative offset") << "1999-12-31T19:30:00.1239999-05:30" << true;
        QTest::newRow("before 1970") << "1969-07-20T20:17:40.5Z" << true;
    }
    void rfc3339()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(isRfc3339DateTime(text), valid);
        // The instant agrees with Qt's own reading (which cannot hold a leap second: the next
        // minute's first, and fractions below a millisecond dropped).
        const auto ms = rfc3339ToMSecsSinceEpoch(text);
        QCOMPARE(ms.has_value(), valid);
        if (valid) {
            QString forQt = text;
            forQt.replace(QStringLiteral(":60"), QStringLiteral(":59"));
            static const QRegularExpression subMillis(QStringLiteral("(\\.\\d{3})\\d+"));
            forQt.replace(subMillis, QStringLiteral("\\1"));
            const QDateTime qt = QDateTime::fromString(forQt, Qt::ISODateWithMs);
            QVERIFY2(qt.isValid(), qPrintable(forQt));
            QCOMPARE(*ms, qt.toMSecsSinceEpoch() + (text.contains(QStringLiteral(":60")) ? 1000 : 0));
        }
        // The same verdict through a schema that uses the format, nested in an array (MeterValues).
        QJsonObject mv = json(R"({"evseId":1,"meterValue":[{"timestamp":"","sampledValue":[{"value":1}]}]})");
        QJsonArray values = mv.value(QStringLiteral("meterValue")).toArray();
        QJsonObject first = values.first().toObject();
        first.insert(QStringLiteral("timestamp"), text);
        values[0] = first;
        mv.insert(QStringLiteral("meterValue"), values);
        const auto v = SchemaValidator::shared().validate(OcppVersion::V201, QStringLiteral("MeterValues"), PayloadKind::Request, mv);
        QCOMPARE(v.isEmpty(), valid);
        if (!valid)
            QCOMPARE(v.first().path, QStringLiteral("/meterValue/0/timestamp"));
    }

    void unknownActionIsReported()
    {
        const auto v = SchemaValidator::shared().validate(OcppVersion::V16, QStringLiteral("TransactionEvent"),
                                                          PayloadKind::Request, {});
        QCOMPARE(v.size(), 1);
        QCOMPARE(v.first().code, RpcErrorCode::NotImplemented);
    }

    void validateFromManyThreads()
    {
        // The server validates on its own thread while tools validate on others.
        QList<QThread *> threads;
        QAtomicInt failures = 0;
        for (int t = 0; t < 4; ++t) {
            threads << QThread::create([&failures] {
                for (int i = 0; i < 200; ++i) {
                    const auto v = SchemaValidator::shared().validate(
                        OcppVersion::V21, QStringLiteral("BootNotification"), PayloadKind::Request,
                        json(R"({"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}})"));
                    if (!v.isEmpty())
                        failures.fetchAndAddRelaxed(1);
                }
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        QCOMPARE(failures.loadRelaxed(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSchemaValidator)
#include "tst_schemavalidator.moc"
