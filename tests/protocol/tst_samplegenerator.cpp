// Every Request, Response and SEND payload of OCPP 1.6, 2.0.1 and 2.1: a generated minimal and a
// full sample validate, and each one-rule breakage fails with the error code OCPP-J prescribes.
#include "schema/samplegenerator.h"
#include "schema/schemacatalog.h"
#include "schema/schemavalidator.h"

#include <QJsonDocument>
#include <QTest>

using namespace cb;

Q_DECLARE_METATYPE(cb::OcppVersion)
Q_DECLARE_METATYPE(cb::PayloadKind)

class TestSampleGenerator : public QObject
{
    Q_OBJECT

private:
    static void addRows()
    {
        QTest::addColumn<OcppVersion>("version");
        QTest::addColumn<QString>("action");
        QTest::addColumn<PayloadKind>("kind");
        const SchemaCatalog &c = SchemaCatalog::instance();
        for (OcppVersion v : kAllVersions) {
            for (const QString &a : c.actions(v)) {
                for (PayloadKind k : {PayloadKind::Request, PayloadKind::Response})
                    QTest::addRow("%s %s %s", qPrintable(versionName(v)), qPrintable(a), qPrintable(payloadKindName(k)))
                        << v << a << k;
            }
            for (const QString &a : c.sendActions(v))
                QTest::addRow("%s %s send", qPrintable(versionName(v)), qPrintable(a)) << v << a << PayloadKind::Send;
        }
    }

private Q_SLOTS:
    void catalogCoversEveryVersion()
    {
        const SchemaCatalog &c = SchemaCatalog::instance();
        // Counts of the ocpp-rpc@2.2.1 package: 1.6 with the security extension has 39 actions,
        // 2.0.1 has 64, 2.1 has 90 plus the SEND-only NotifyPeriodicEventStream.
        QCOMPARE(c.actions(OcppVersion::V16).size(), 39);
        QCOMPARE(c.actions(OcppVersion::V201).size(), 64);
        QCOMPARE(c.actions(OcppVersion::V21).size(), 90);
        QCOMPARE(c.sendActions(OcppVersion::V21), QStringList{QStringLiteral("NotifyPeriodicEventStream")});
        QVERIFY(c.sendActions(OcppVersion::V201).isEmpty());
        QVERIFY(c.knowsAction(OcppVersion::V16, QStringLiteral("SignCertificate"))); // security extension
        QVERIFY(!c.knowsAction(OcppVersion::V16, QStringLiteral("TransactionEvent")));
        qInfo("sample coverage: 1.6 %lld actions (%d schemas), 2.0.1 %lld actions (%d schemas), 2.1 %lld actions + %lld SEND (%d schemas)",
              qint64(c.actions(OcppVersion::V16).size()), c.schemaCount(OcppVersion::V16),
              qint64(c.actions(OcppVersion::V201).size()), c.schemaCount(OcppVersion::V201),
              qint64(c.actions(OcppVersion::V21).size()), qint64(c.sendActions(OcppVersion::V21).size()),
              c.schemaCount(OcppVersion::V21));
    }

    void samplesValidate_data() { addRows(); }
    void samplesValidate()
    {
        QFETCH(OcppVersion, version);
        QFETCH(QString, action);
        QFETCH(PayloadKind, kind);
        const QJsonObject schema = SchemaCatalog::instance().schema(version, action, kind);
        QVERIFY(!schema.isEmpty());
        for (auto fill : {SampleGenerator::Fill::Minimal, SampleGenerator::Fill::Full}) {
            const QJsonObject payload = SampleGenerator::generate(schema, fill);
            const Violations v = SchemaValidator::shared().validate(version, action, kind, payload);
            QVERIFY2(v.isEmpty(), qPrintable(describe(v) + QStringLiteral(" in ")
                                             + QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact))));
        }
    }

    void mutationsFail_data() { addRows(); }
    void mutationsFail()
    {
        QFETCH(OcppVersion, version);
        QFETCH(QString, action);
        QFETCH(PayloadKind, kind);
        const QJsonObject schema = SchemaCatalog::instance().schema(version, action, kind);
        const auto mutations = SampleGenerator::mutations(schema);
        // Every schema forbids unknown properties, so there is always at least one breakage.
        QVERIFY(!mutations.isEmpty());
        for (const auto &m : mutations) {
            const Violations v = SchemaValidator::shared().validate(version, action, kind, m.payload);
            const QString context = SampleGenerator::kindName(m.kind) + QStringLiteral(" at ") + m.path + QStringLiteral(": ")
                + QString::fromUtf8(QJsonDocument(m.payload).toJson(QJsonDocument::Compact));
            QVERIFY2(!v.isEmpty(), qPrintable(QStringLiteral("accepted ") + context));
            QVERIFY2(v.first().code == m.expected,
                     qPrintable(QStringLiteral("expected %1, got %2 (%3) for %4")
                                    .arg(canonicalName(m.expected), canonicalName(v.first().code), describe(v), context)));
            QCOMPARE(v.first().path, m.path);
        }
    }

    void mutationKindsAreAllExercised()
    {
        // Across all schemas, each kind of breakage must be produced somewhere, or the test above
        // would silently cover less than it claims.
        QHash<int, int> seen;
        const SchemaCatalog &c = SchemaCatalog::instance();
        int total = 0;
        for (OcppVersion v : kAllVersions)
            for (const QString &a : c.actions(v))
                for (PayloadKind k : {PayloadKind::Request, PayloadKind::Response})
                    for (const auto &m : SampleGenerator::mutations(c.schema(v, a, k))) {
                        ++seen[int(m.kind)];
                        ++total;
                    }
        for (int k = 0; k <= int(SampleGenerator::Mutation::Kind::UnknownProperty); ++k)
            QVERIFY2(seen.value(k) > 0, qPrintable(SampleGenerator::kindName(SampleGenerator::Mutation::Kind(k))));
        qInfo("mutations checked: %d", total);
    }
};

QTEST_GUILESS_MAIN(TestSampleGenerator)
#include "tst_samplegenerator.moc"
