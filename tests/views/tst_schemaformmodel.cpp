// SchemaFormModel: the JSON <-> form logic of the message composer, without widgets or a server.
// Every CSMS-initiated action of every version round-trips schema-valid through the form.
#include "composer/schemaformmodel.h"
#include "schema/actiondirection.h"
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace cb;

namespace {

QJsonObject requestSchema(OcppVersion v, const QString &action)
{
    return SchemaCatalog::instance().schema(v, action, PayloadKind::Request);
}

QString violationsText(const Violations &v) { return describe(v); }

// Walks every row, including absent optional properties everywhere (bounded), so structure edits
// run under the model tester on real schemas.
void includeEverything(SchemaFormModel &m, const QModelIndex &parent, int depth)
{
    if (depth > 6)
        return;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        if (m.canInclude(i) && m.data(i, SchemaFormModel::InSchemaRole).toBool())
            QVERIFY(m.include(i));
        if (m.canAddItem(i) && m.rowCount(i) == 0)
            QVERIFY(m.addItem(i).isValid());
        includeEverything(m, m.index(r, 0, parent), depth + 1);
    }
}

// Removes every removable row, deepest and last first.
void removeEverything(SchemaFormModel &m, const QModelIndex &parent)
{
    for (int r = m.rowCount(parent) - 1; r >= 0; --r) {
        const QModelIndex i = m.index(r, 0, parent);
        removeEverything(m, i);
        if (m.canRemove(i))
            QVERIFY(m.remove(i));
    }
}

} // namespace

class TestSchemaFormModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyActionRoundTrips_data();
    void everyActionRoundTrips();
    void modelTesterOnStructureEdits_data();
    void modelTesterOnStructureEdits();
    void editorHintsComeFromTheSchema();
    void invalidValuesAreKeptAndMarked();
    void wrongTypesAndUnknownPropertiesSurvive();
    void optionalPropertiesAndArrays();
    void jsonTextOfScalars();
};

void TestSchemaFormModel::everyActionRoundTrips_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<QString>("action");
    for (OcppVersion v : kAllVersions)
        for (const QString &a : csmsInitiatedActions(v))
            QTest::addRow("%s %s", qPrintable(versionName(v)), qPrintable(a)) << v << a;
}

void TestSchemaFormModel::everyActionRoundTrips()
{
    QFETCH(OcppVersion, version);
    QFETCH(QString, action);
    const QJsonObject schema = requestSchema(version, action);
    QVERIFY(!schema.isEmpty());
    SchemaFormModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSchema(schema);
    // The form a person starts from is already valid.
    const Violations initial = SchemaValidator::shared().validate(version, action, PayloadKind::Request, m.json());
    QVERIFY2(initial.isEmpty(), qPrintable(violationsText(initial)));

    for (auto fill : {SampleGenerator::Fill::Minimal, SampleGenerator::Fill::Full}) {
        const QJsonObject sample = SampleGenerator::generate(schema, fill);
        m.setJson(sample);
        QCOMPARE(m.json(), sample);
        const Violations v = SchemaValidator::shared().validate(version, action, PayloadKind::Request, m.json());
        QVERIFY2(v.isEmpty(), qPrintable(violationsText(v)));
        // Every present value can be found again by its pointer.
        for (auto it = sample.begin(); it != sample.end(); ++it) {
            const QModelIndex i = m.indexForPointer(QLatin1Char('/') + it.key());
            QVERIFY(i.isValid());
            QCOMPARE(m.data(i, SchemaFormModel::JsonValueRole).value<QJsonValue>(), it.value());
        }
    }
}

void TestSchemaFormModel::modelTesterOnStructureEdits_data()
{
    QTest::addColumn<OcppVersion>("version");
    QTest::addColumn<QString>("action");
    QTest::newRow("1.6 SetChargingProfile") << OcppVersion::V16 << QStringLiteral("SetChargingProfile");
    QTest::newRow("2.0.1 SetVariables") << OcppVersion::V201 << QStringLiteral("SetVariables");
    QTest::newRow("2.0.1 SetChargingProfile") << OcppVersion::V201 << QStringLiteral("SetChargingProfile");
    QTest::newRow("2.1 RequestStartTransaction") << OcppVersion::V21 << QStringLiteral("RequestStartTransaction");
    QTest::newRow("2.1 SetDisplayMessage") << OcppVersion::V21 << QStringLiteral("SetDisplayMessage");
}

void TestSchemaFormModel::modelTesterOnStructureEdits()
{
    QFETCH(OcppVersion, version);
    QFETCH(QString, action);
    SchemaFormModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSchema(requestSchema(version, action));
    includeEverything(m, {}, 0);
    QSignalSpy edited(&m, &SchemaFormModel::edited);
    const QJsonObject full = m.json();
    QVERIFY(full.size() >= m.rowCount() / 2);

    // Remove every removable row from the bottom up, then put the full payload back.
    removeEverything(m, {});
    QVERIFY(edited.count() > 0);
    const Violations afterRemoval = SchemaValidator::shared().validate(version, action, PayloadKind::Request, m.json());
    QVERIFY2(afterRemoval.isEmpty(), qPrintable(violationsText(afterRemoval))); // only optional ones went
    m.setJson(full);
    QCOMPARE(m.json(), full);
    m.setViolations({Violation{QStringLiteral("/nothing/here"), QStringLiteral("made up")}});
    m.setViolations({});
}

void TestSchemaFormModel::editorHintsComeFromTheSchema()
{
    SchemaFormModel m;
    m.setSchema(requestSchema(OcppVersion::V21, QStringLiteral("Reset")));
    const QModelIndex type = m.indexForPointer(QStringLiteral("/type"), SchemaFormModel::ValueColumn);
    QVERIFY(type.isValid());
    QCOMPARE(SchemaFormModel::EditorKind(m.data(type, SchemaFormModel::EditorKindRole).toInt()), SchemaFormModel::EditorKind::Enum);
    QCOMPARE(m.data(type, SchemaFormModel::EnumValuesRole).toStringList(),
             (QStringList{QStringLiteral("Immediate"), QStringLiteral("OnIdle"), QStringLiteral("ImmediateAndResume")}));
    QVERIFY(m.data(type, SchemaFormModel::RequiredRole).toBool());
    QVERIFY(!(m.flags(m.index(type.row(), 0)) & Qt::ItemIsUserCheckable)); // required: no "include" box

    const QModelIndex evse = m.indexForPointer(QStringLiteral("/evseId"), SchemaFormModel::ValueColumn);
    QVERIFY(evse.isValid());
    QVERIFY(!m.data(evse, SchemaFormModel::PresentRole).toBool());
    QCOMPARE(SchemaFormModel::EditorKind(m.data(evse, SchemaFormModel::EditorKindRole).toInt()), SchemaFormModel::EditorKind::Integer);
    QCOMPARE(m.data(evse, SchemaFormModel::MinimumRole).toDouble(), 0.0);
    QVERIFY(!m.data(evse, SchemaFormModel::MaximumRole).isValid());
    QVERIFY(m.data(evse, Qt::ToolTipRole).toString().contains(QStringLiteral("EVSE")));
    QVERIFY(m.flags(m.index(evse.row(), 0)) & Qt::ItemIsUserCheckable);
    // Editing an absent property puts it in the payload.
    QVERIFY(m.setData(evse, 2));
    QCOMPARE(m.json().value(QLatin1String("evseId")).toInt(), 2);
    QCOMPARE(m.data(m.index(evse.row(), 0), Qt::CheckStateRole).toInt(), int(Qt::Checked));

    m.setSchema(requestSchema(OcppVersion::V16, QStringLiteral("RemoteStartTransaction")));
    const QModelIndex idTag = m.indexForPointer(QStringLiteral("/idTag"), SchemaFormModel::ValueColumn);
    QCOMPARE(m.data(idTag, SchemaFormModel::MaxLengthRole).toInt(), 20);
    QCOMPARE(SchemaFormModel::EditorKind(m.data(idTag, SchemaFormModel::EditorKindRole).toInt()), SchemaFormModel::EditorKind::Text);
    QVERIFY(m.include(m.indexForPointer(QStringLiteral("/chargingProfile"))));
    const QModelIndex validFrom = m.indexForPointer(QStringLiteral("/chargingProfile/validFrom"), SchemaFormModel::ValueColumn);
    QCOMPARE(SchemaFormModel::EditorKind(m.data(validFrom, SchemaFormModel::EditorKindRole).toInt()),
             SchemaFormModel::EditorKind::DateTime);
    QVERIFY(m.setData(validFrom, QDateTime(QDate(2026, 3, 1), QTime(12, 30), Qt::UTC)));
    QCOMPARE(m.json().value(QLatin1String("chargingProfile")).toObject().value(QLatin1String("validFrom")).toString(),
             QStringLiteral("2026-03-01T12:30:00Z"));
    const QModelIndex limit =
        m.indexForPointer(QStringLiteral("/chargingProfile/chargingSchedule/chargingSchedulePeriod"), SchemaFormModel::NameColumn);
    QVERIFY(limit.isValid());
    QVERIFY(m.canAddItem(limit));
    const QModelIndex item = m.addItem(limit);
    QVERIFY(item.isValid());
    const QModelIndex limitValue = m.indexForPointer(QStringLiteral("/chargingProfile/chargingSchedule/chargingSchedulePeriod/0/limit"),
                                                     SchemaFormModel::ValueColumn);
    QCOMPARE(SchemaFormModel::EditorKind(m.data(limitValue, SchemaFormModel::EditorKindRole).toInt()),
             SchemaFormModel::EditorKind::Number);
    QCOMPARE(m.data(limitValue, SchemaFormModel::MultipleOfRole).toDouble(), 0.1);

    m.setSchema(requestSchema(OcppVersion::V201, QStringLiteral("SetVariableMonitoring")));
    QVERIFY(m.include(m.indexForPointer(QStringLiteral("/setMonitoringData/0/transaction"))));
    const QModelIndex flag = m.indexForPointer(QStringLiteral("/setMonitoringData/0/transaction"), SchemaFormModel::ValueColumn);
    QCOMPARE(SchemaFormModel::EditorKind(m.data(flag, SchemaFormModel::EditorKindRole).toInt()), SchemaFormModel::EditorKind::Boolean);
    QVERIFY(m.flags(flag) & Qt::ItemIsUserCheckable);
    QVERIFY(m.setData(flag, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(m.json().value(QLatin1String("setMonitoringData")).toArray().first().toObject().value(QLatin1String("transaction")),
             QJsonValue(true));
}

void TestSchemaFormModel::invalidValuesAreKeptAndMarked()
{
    SchemaFormModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSchema(requestSchema(OcppVersion::V16, QStringLiteral("RemoteStartTransaction")));
    const QModelIndex idTag = m.indexForPointer(QStringLiteral("/idTag"), SchemaFormModel::ValueColumn);
    QVERIFY(m.setData(idTag, QString(21, QLatin1Char('A'))));
    QCOMPARE(m.json().value(QLatin1String("idTag")).toString().size(), 21);
    const Violations v = SchemaValidator::shared().validate(OcppVersion::V16, QStringLiteral("RemoteStartTransaction"),
                                                            PayloadKind::Request, m.json());
    QCOMPARE(v.size(), 1);
    QCOMPARE(v.first().path, QStringLiteral("/idTag"));
    m.setViolations(v);
    QVERIFY(m.data(idTag, SchemaFormModel::ViolationRole).toString().contains(QStringLiteral("20")));
    QVERIFY(m.data(idTag, Qt::ToolTipRole).toString().contains(QStringLiteral("Problem")));
    QVERIFY(m.data(idTag, Qt::ForegroundRole).isValid());
    m.setViolations({});
    QVERIFY(m.data(idTag, SchemaFormModel::ViolationRole).toString().isEmpty());

    // An enum value outside the list goes in as it is; the validator names it.
    m.setSchema(requestSchema(OcppVersion::V201, QStringLiteral("ChangeAvailability")));
    const QModelIndex status = m.indexForPointer(QStringLiteral("/operationalStatus"), SchemaFormModel::ValueColumn);
    QVERIFY(m.setData(status, QStringLiteral("Sleepy")));
    const Violations e = SchemaValidator::shared().validate(OcppVersion::V201, QStringLiteral("ChangeAvailability"),
                                                            PayloadKind::Request, m.json());
    QCOMPARE(e.size(), 1);
    QCOMPARE(e.first().path, QStringLiteral("/operationalStatus"));
}

void TestSchemaFormModel::wrongTypesAndUnknownPropertiesSurvive()
{
    SchemaFormModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSchema(requestSchema(OcppVersion::V201, QStringLiteral("ChangeAvailability")));
    const QJsonObject odd = QJsonDocument::fromJson(R"({"operationalStatus": 5, "evse": "one", "vendorThing": {"a": [1, 2]}})").object();
    m.setJson(odd);
    QCOMPARE(m.json(), odd);
    const QModelIndex status = m.indexForPointer(QStringLiteral("/operationalStatus"), SchemaFormModel::ValueColumn);
    QCOMPARE(SchemaFormModel::EditorKind(m.data(status, SchemaFormModel::EditorKindRole).toInt()), SchemaFormModel::EditorKind::Json);
    QCOMPARE(m.data(status, Qt::EditRole).toString(), QStringLiteral("5"));
    const QModelIndex extra = m.indexForPointer(QStringLiteral("/vendorThing"));
    QVERIFY(extra.isValid());
    QVERIFY(!m.data(extra, SchemaFormModel::InSchemaRole).toBool());
    QVERIFY(m.canRemove(extra));
    // Fixing the wrong value in place turns the row back into an enum row.
    QVERIFY(m.setData(status, QStringLiteral("\"Operative\"")));
    QCOMPARE(SchemaFormModel::EditorKind(m.data(status, SchemaFormModel::EditorKindRole).toInt()), SchemaFormModel::EditorKind::Enum);
    // Replacing the string with an object builds the EVSE rows.
    const QModelIndex evse = m.indexForPointer(QStringLiteral("/evse"), SchemaFormModel::ValueColumn);
    QVERIFY(m.setData(evse, QStringLiteral("{\"id\": 2}")));
    QCOMPARE(m.rowCount(m.indexForPointer(QStringLiteral("/evse"))), 3); // id, connectorId, customData
    QVERIFY(m.remove(extra));
    const Violations v = SchemaValidator::shared().validate(OcppVersion::V201, QStringLiteral("ChangeAvailability"),
                                                            PayloadKind::Request, m.json());
    QVERIFY2(v.isEmpty(), qPrintable(violationsText(v)));
}

void TestSchemaFormModel::optionalPropertiesAndArrays()
{
    SchemaFormModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setSchema(requestSchema(OcppVersion::V201, QStringLiteral("SetVariables")));
    const QModelIndex list = m.indexForPointer(QStringLiteral("/setVariableData"));
    QCOMPARE(m.rowCount(list), 1); // minItems 1
    const QModelIndex first = m.index(0, 0, list);
    QVERIFY(!m.canRemove(first)); // would break minItems
    QVERIFY(m.canAddItem(first));
    QVERIFY(m.addItem(first).isValid());
    QCOMPARE(m.rowCount(list), 2);
    QVERIFY(m.canRemove(m.index(0, 0, list)));
    QVERIFY(m.setData(m.indexForPointer(QStringLiteral("/setVariableData/1/attributeValue"), 1), QStringLiteral("second")));
    QVERIFY(m.remove(m.index(0, 0, list)));
    QCOMPARE(m.rowCount(list), 1);
    QCOMPARE(m.data(m.index(0, 0, list)).toString(), QStringLiteral("[0]"));
    QCOMPARE(m.json().value(QLatin1String("setVariableData")).toArray().first().toObject().value(QLatin1String("attributeValue")),
             QJsonValue(QStringLiteral("second")));

    // Optional objects: unchecking removes them, checking brings them back with their required fields.
    const QModelIndex component = m.indexForPointer(QStringLiteral("/setVariableData/0/component"));
    const QModelIndex evse = m.indexForPointer(QStringLiteral("/setVariableData/0/component/evse"));
    QVERIFY(evse.isValid());
    QCOMPARE(m.data(evse, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(m.setData(evse, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(m.json().value(QLatin1String("setVariableData")).toArray().first().toObject().value(QLatin1String("component"))
                 .toObject().value(QLatin1String("evse")).toObject(),
             (QJsonObject{{QStringLiteral("id"), 0}}));
    QVERIFY(m.setData(m.indexForPointer(QStringLiteral("/setVariableData/0/component/evse")), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(!m.json().value(QLatin1String("setVariableData")).toArray().first().toObject().value(QLatin1String("component"))
                 .toObject().contains(QLatin1String("evse")));
    QVERIFY(component.isValid());
}

void TestSchemaFormModel::jsonTextOfScalars()
{
    QCOMPARE(SchemaFormModel::jsonText(QStringLiteral("x")), QStringLiteral("\"x\""));
    QCOMPARE(SchemaFormModel::jsonText(5), QStringLiteral("5"));
    QCOMPARE(SchemaFormModel::jsonText(QJsonObject{{QStringLiteral("a"), true}}), QStringLiteral("{\"a\":true}"));
    QCOMPARE(SchemaFormModel::parseJsonText(QStringLiteral(" 12.5 ")), std::optional<QJsonValue>(12.5));
    QCOMPARE(SchemaFormModel::parseJsonText(QStringLiteral("[1]")), std::optional<QJsonValue>(QJsonArray{1}));
    QVERIFY(!SchemaFormModel::parseJsonText(QStringLiteral("not json")).has_value());
    QVERIFY(!SchemaFormModel::parseJsonText(QStringLiteral("1, 2")).has_value());
}

QTEST_MAIN(TestSchemaFormModel)
#include "tst_schemaformmodel.moc"
