// The fast payload checker must never accept what valijson (with the date-time check) rejects,
// and must accept what it accepts: it decides alone for valid frames. Checked on every schema of
// every version with generated samples and one-rule-at-a-time perturbations of every field.
#include "schema/payloadchecker.h"
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "schema/schemanode.h"
#include "schema/schemavalidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cb;

namespace {

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

struct Case
{
    QString what;
    QJsonObject payload;
};

// Replaces the value at `path` (object keys and array indexes) inside `v`; an undefined
// replacement removes an object member.
QJsonValue replaced(const QJsonValue &v, const QStringList &path, qsizetype depth, const QJsonValue &with)
{
    if (depth == path.size())
        return with;
    const QString &seg = path.at(depth);
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        const int i = seg.toInt();
        a.replace(i, replaced(a.at(i), path, depth + 1, with));
        return a;
    }
    QJsonObject o = v.toObject();
    if (depth + 1 == path.size() && with.isUndefined())
        o.remove(seg);
    else
        o.insert(seg, replaced(o.value(seg), path, depth + 1, with));
    return o;
}

void leafPaths(const QJsonValue &v, QStringList &path, QList<QStringList> &out)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (!path.isEmpty())
            out << path;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            path << it.key();
            leafPaths(it.value(), path, out);
            path.removeLast();
        }
    } else if (v.isArray()) {
        out << path;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            path << QString::number(i);
            leafPaths(a.at(i), path, out);
            path.removeLast();
        }
    } else {
        out << path;
    }
}

QString repeated(const QString &unit, qint64 count)
{
    QString s;
    for (qint64 i = 0; i < count; ++i)
        s += unit;
    return s;
}

// Values that probe each rule of the node at the edges the checker implements.
QList<QJsonValue> probes(const QJsonObject &node, const QJsonValue &current)
{
    QList<QJsonValue> out{QJsonValue(QJsonValue::Undefined), QJsonValue(QJsonValue::Null), true, 0, -1, 1.5, 3e9,
                          QString(), QStringLiteral("x"), QJsonObject(), QJsonArray()};
    const qint64 maxLength = node.value(QLatin1String("maxLength")).toInteger(-1);
    if (maxLength >= 0) {
        for (const QString &unit : {QStringLiteral("a"), QStringLiteral("\u00e9"), QString::fromUtf8("\xf0\x9f\x94\x8c")}) {
            out << repeated(unit, maxLength) << repeated(unit, maxLength + 1);
        }
        out << QString(repeated(QStringLiteral("a"), maxLength) + QChar(0) + QStringLiteral("tail"));
    }
    for (const char *limit : {"minimum", "maximum"}) {
        const QJsonValue l = node.value(QLatin1String(limit));
        if (l.isDouble())
            out << l.toDouble() << l.toDouble() - 1 << l.toDouble() + 1 << l.toDouble() + 0.5;
    }
    if (node.contains(QLatin1String("multipleOf")))
        out << 7.4 << 7.45 << 230.1 << 0.30000000000000004 << 1e-9;
    const QJsonArray enumValues = node.value(QLatin1String("enum")).toArray();
    if (!enumValues.isEmpty()) {
        out << enumValues.last() << enumValues.first().toString().toLower()
            << QString(enumValues.first().toString() + QLatin1Char(' '));
    }
    if (node.value(QLatin1String("format")).toString() == QLatin1String("date-time"))
        out << QStringLiteral("2026-02-29T00:00:00Z") << QStringLiteral("2024-02-29T23:59:60.5+01:00")
            << QStringLiteral("2026-01-01 00:00:00Z") << QStringLiteral("2026-01-01T00:00:00");
    if (current.isArray()) {
        const QJsonArray a = current.toArray();
        QJsonArray more = a;
        if (!a.isEmpty()) {
            for (int i = 0; i < 3; ++i)
                more.append(a.first());
            out << more << QJsonArray{a.first(), 5};
        }
        const qint64 maxItems = node.value(QLatin1String("maxItems")).toInteger(-1);
        if (maxItems > 0 && maxItems < 64 && !a.isEmpty()) {
            QJsonArray full;
            for (qint64 i = 0; i < maxItems; ++i)
                full.append(a.first());
            out << full;
            full.append(a.first());
            out << full;
        }
    }
    if (current.isObject()) {
        QJsonObject extra = current.toObject();
        extra.insert(QStringLiteral("notInTheSchema"), 1);
        out << extra;
    }
    return out;
}

QList<Case> sampleCases(const QJsonObject &schema)
{
    QList<Case> cases;
    const QJsonObject minimal = SampleGenerator::generate(schema, SampleGenerator::Fill::Minimal);
    const QJsonObject full = SampleGenerator::generate(schema, SampleGenerator::Fill::Full);
    cases << Case{QStringLiteral("minimal"), minimal} << Case{QStringLiteral("full"), full}
          << Case{QStringLiteral("empty"), QJsonObject()};
    for (const auto &m : SampleGenerator::mutations(schema))
        cases << Case{SampleGenerator::kindName(m.kind) + QLatin1Char(' ') + m.path, m.payload};
    QJsonObject extra = full;
    extra.insert(QStringLiteral("notInTheSchema"), true);
    cases << Case{QStringLiteral("extra root property"), extra};
    return cases;
}

QList<Case> probeCases(const QJsonObject &schema)
{
    QList<Case> cases;
    const QJsonObject full = SampleGenerator::generate(schema, SampleGenerator::Fill::Full);
    QList<QStringList> paths;
    QStringList path;
    leafPaths(full, path, paths);
    for (const QStringList &p : paths) {
        QJsonValue current = full;
        for (const QString &s : p)
            current = current.isArray() ? current.toArray().at(s.toInt()) : current.toObject().value(s);
        const QJsonObject node = schemanode::at(schema, p);
        for (const QJsonValue &probe : probes(node, current)) {
            cases << Case{p.join(QLatin1Char('/')) + QStringLiteral(" = ") +
                              QString::fromUtf8(QJsonDocument(QJsonArray{probe}).toJson(QJsonDocument::Compact)).left(80),
                          replaced(full, p, 0, probe).toObject()};
        }
    }
    return cases;
}

} // namespace

class TestPayloadChecker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everySchemaCompiles();
    void agreesWithValijson_data();
    void agreesWithValijson();
    void probesAgreeWithValijson_data();
    void probesAgreeWithValijson();
    void integersAsValijsonSeesThem_data();
    void integersAsValijsonSeesThem();
    void refusesFormsOutsideItsSubset();
};

void TestPayloadChecker::everySchemaCompiles()
{
    // Every OCA schema is inside the subset: no frame of a known action needs valijson when valid.
    const SchemaCatalog &catalog = SchemaCatalog::instance();
    for (OcppVersion v : kAllVersions) {
        for (const QString &action : catalog.actions(v) + catalog.sendActions(v)) {
            for (PayloadKind k : {PayloadKind::Request, PayloadKind::Response, PayloadKind::Send}) {
                const QJsonObject schema = catalog.schema(v, action, k);
                if (schema.isEmpty())
                    continue;
                QVERIFY2(PayloadChecker::compile(schema).has_value(),
                         qPrintable(versionName(v) + QLatin1Char(' ') + action + QLatin1Char(' ') + payloadKindName(k)));
            }
        }
    }
}

void TestPayloadChecker::agreesWithValijson_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("kind");
    const SchemaCatalog &catalog = SchemaCatalog::instance();
    for (OcppVersion v : kAllVersions) {
        for (const QString &action : catalog.actions(v) + catalog.sendActions(v)) {
            for (PayloadKind k : {PayloadKind::Request, PayloadKind::Response, PayloadKind::Send}) {
                if (catalog.hasSchema(v, action, k))
                    QTest::addRow("%s %s %s", qPrintable(versionName(v)), qPrintable(action), qPrintable(payloadKindName(k)))
                        << int(v) << action << int(k);
            }
        }
    }
}

namespace {

// valijson alone (validate(schema, ...)) is the reference; the validator the endpoints use must
// give the same answer, word for word.
void compareWithValijson(OcppVersion v, const QString &action, PayloadKind k, const QList<Case> &cases, int minAccepted)
{
    const QJsonObject schema = SchemaCatalog::instance().schema(v, action, k);
    const auto checker = PayloadChecker::compile(schema);
    QVERIFY(checker);
    const SchemaValidator &validator = SchemaValidator::shared();
    int accepted = 0;
    for (const Case &c : cases) {
        const Violations reference = validator.validate(schema, c.payload);
        const bool accepts = checker->accepts(c.payload);
        if (accepts != reference.isEmpty()) {
            QFAIL(qPrintable(QStringLiteral("%1: checker %2, valijson %3 (%4)\n%5")
                                 .arg(c.what, accepts ? QStringLiteral("accepts") : QStringLiteral("rejects"),
                                      reference.isEmpty() ? QStringLiteral("accepts") : QStringLiteral("rejects"),
                                      describe(reference),
                                      QString::fromUtf8(QJsonDocument(c.payload).toJson(QJsonDocument::Compact)))));
        }
        if (!accepts) // the endpoints' path then runs valijson itself: same words
            QCOMPARE(validator.validate(v, action, k, c.payload), reference);
        accepted += accepts ? 1 : 0;
    }
    QVERIFY(accepted >= minAccepted);
    QVERIFY(cases.size() - accepted >= 1);
}

} // namespace

void TestPayloadChecker::agreesWithValijson()
{
    // Every schema: the generated samples and one mutation of each kind.
    QFETCH(int, version);
    QFETCH(QString, action);
    QFETCH(int, kind);
    const QJsonObject schema = SchemaCatalog::instance().schema(OcppVersion(version), action, PayloadKind(kind));
    compareWithValijson(OcppVersion(version), action, PayloadKind(kind), sampleCases(schema), 2);
}

void TestPayloadChecker::probesAgreeWithValijson_data()
{
    // Every field probed at the edges of its rules (types, lengths in code points, limits,
    // multipleOf, enums, date-times, item counts, extra properties), on schemas that between them
    // use every keyword the checker implements. (All schemas would take minutes under ASan.)
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("kind");
    const struct { OcppVersion v; const char *action; PayloadKind k; } picks[] = {
        {OcppVersion::V16, "MeterValues", PayloadKind::Request},
        {OcppVersion::V16, "StatusNotification", PayloadKind::Request},
        {OcppVersion::V16, "BootNotification", PayloadKind::Request},
        {OcppVersion::V16, "SetChargingProfile", PayloadKind::Request},
        {OcppVersion::V201, "BootNotification", PayloadKind::Request},
        {OcppVersion::V201, "StatusNotification", PayloadKind::Request},
        {OcppVersion::V201, "Heartbeat", PayloadKind::Response},
        {OcppVersion::V201, "MeterValues", PayloadKind::Request},
        {OcppVersion::V21, "BootNotification", PayloadKind::Response},
        {OcppVersion::V21, "NotifyPeriodicEventStream", PayloadKind::Send},
    };
    for (const auto &p : picks)
        QTest::addRow("%s %s %s", qPrintable(versionName(p.v)), p.action, qPrintable(payloadKindName(p.k)))
            << int(p.v) << QString::fromLatin1(p.action) << int(p.k);
}

void TestPayloadChecker::probesAgreeWithValijson()
{
    QFETCH(int, version);
    QFETCH(QString, action);
    QFETCH(int, kind);
    const QJsonObject schema = SchemaCatalog::instance().schema(OcppVersion(version), action, PayloadKind(kind));
    QVERIFY(!schema.isEmpty());
    compareWithValijson(OcppVersion(version), action, PayloadKind(kind), probeCases(schema), 1);
}

void TestPayloadChecker::integersAsValijsonSeesThem_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << R"({"connectorId":1,"errorCode":"NoError","status":"Available"})" << true;
    QTest::newRow("integral double") << R"({"connectorId":1.0,"errorCode":"NoError","status":"Available"})" << true;
    QTest::newRow("exponent") << R"({"connectorId":1e1,"errorCode":"NoError","status":"Available"})" << true;
    QTest::newRow("fraction") << R"({"connectorId":1.5,"errorCode":"NoError","status":"Available"})" << false;
    QTest::newRow("beyond int") << R"({"connectorId":3000000000,"errorCode":"NoError","status":"Available"})" << false;
    QTest::newRow("string") << R"({"connectorId":"1","errorCode":"NoError","status":"Available"})" << false;
}

void TestPayloadChecker::integersAsValijsonSeesThem()
{
    QFETCH(QString, payload);
    QFETCH(bool, valid);
    const QJsonObject schema = SchemaCatalog::instance().schema(OcppVersion::V16, QStringLiteral("StatusNotification"),
                                                                PayloadKind::Request);
    const QJsonObject p = QJsonDocument::fromJson(payload.toUtf8()).object();
    QCOMPARE(SchemaValidator::shared().validate(schema, p).isEmpty(), valid);
    QCOMPARE(PayloadChecker::compile(schema)->accepts(p), valid);
}

void TestPayloadChecker::refusesFormsOutsideItsSubset()
{
    // Such schemas stay with valijson; the checker must not guess.
    QVERIFY(!PayloadChecker::compile(json(R"({"type":"object","properties":{"a":{"type":["string","null"]}}})")));
    QVERIFY(!PayloadChecker::compile(json(R"({"type":"object","properties":{"a":{"type":"string","pattern":"^x"}}})")));
    QVERIFY(!PayloadChecker::compile(json(R"({"type":"object","properties":{"a":{"type":"string","format":"date"}}})")));
    QVERIFY(!PayloadChecker::compile(json(R"({"type":"object","anyOf":[{"required":["a"]}]})")));
    QVERIFY(!PayloadChecker::compile(json(R"({"type":"object","additionalProperties":{"type":"string"}})")));
    QVERIFY(!PayloadChecker::compile(json(R"({"type":"object","properties":{"a":{"enum":[1,2]}}})")));
    QVERIFY(!PayloadChecker::compile(json(R"({"type":"object","properties":{"a":{"$ref":"#/definitions/missing"}}})")));
    QVERIFY(PayloadChecker::compile(json(R"({"type":"object","properties":{"a":{"type":"string","maxLength":3}},"additionalProperties":false})")));
}

QTEST_GUILESS_MAIN(TestPayloadChecker)
#include "tst_payloadchecker.moc"
