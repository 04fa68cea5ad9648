#include "capturecommands.h"

#include "capture/pcapimporter.h"
#include "clicommand.h"
#include "inspectcommands.h"
#include "rpc/ocppversion.h"
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/stationrepository.h"

#include <QCommandLineParser>
#include <QFile>
#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace cb::cli {

namespace {

QString tr(const char *s) { return QCoreApplication::translate("cb::cli", s); }

CaptureRecord toRecord(CapturedFrame &&f, qint64 connectionOffset)
{
    CaptureRecord r;
    switch (f.kind) {
    case CapturedFrame::Kind::Frame: r.kind = CaptureRecord::Kind::Frame; break;
    case CapturedFrame::Kind::ConnectionOpened: r.kind = CaptureRecord::Kind::ConnectionOpened; break;
    case CapturedFrame::Kind::ConnectionClosed: r.kind = CaptureRecord::Kind::ConnectionClosed; break;
    case CapturedFrame::Kind::Note: r.kind = CaptureRecord::Kind::Note; break;
    }
    r.timestampUs = f.timestampUs;
    r.stationId = std::move(f.stationId);
    r.connectionId = f.connectionId ? f.connectionId + connectionOffset : 0;
    r.outgoing = f.outgoing;
    r.messageType = f.messageType;
    r.messageId = std::move(f.messageId);
    r.action = std::move(f.action);
    r.data = std::move(f.data);
    r.problem = std::move(f.problem);
    return r;
}

// Imported connections get ids after every connection already in the database, so they never
// merge with live ones.
qint64 highestConnectionId(Database &db)
{
    QSqlQuery q(db.connection());
    if (q.exec(QStringLiteral("SELECT COALESCE(MAX(connection_id), 0) FROM frames")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

int runImport(const QString &file, const QString &dbPath, bool validate)
{
    Database db;
    if (auto opened = db.open(dbPath); !opened) {
        err() << opened.error().text() << Qt::endl;
        return Failure;
    }
    const qint64 offset = highestConnectionId(db);
    CaptureWriter writer;
    if (auto opened = writer.open(dbPath); !opened) {
        err() << opened.error().text() << Qt::endl;
        return Failure;
    }

    QHash<QString, StationRecord> stations;
    PcapImporter importer;
    importer.setValidatePayloads(validate);
    const auto result = importer.import(file, [&](CapturedFrame &&f) {
        if (!f.stationId.isEmpty()) {
            StationRecord &s = stations[f.stationId];
            s.id = f.stationId;
            s.firstSeenUs = s.firstSeenUs ? std::min(s.firstSeenUs, f.timestampUs) : f.timestampUs;
            s.lastSeenUs = std::max(s.lastSeenUs, f.timestampUs);
            if (f.kind == CapturedFrame::Kind::ConnectionOpened) {
                const QJsonObject details = QJsonDocument::fromJson(f.data).object();
                if (auto v = versionFromSubprotocol(details.value(QStringLiteral("subprotocol")).toString()))
                    s.ocppVersion = versionName(*v);
                s.remoteAddress = details.value(QStringLiteral("remote")).toString();
            }
        }
        writer.append(toRecord(std::move(f), offset));
    });
    const Status<> closed = writer.close();
    if (!result) {
        err() << result.error().text() << Qt::endl;
        return Failure;
    }
    StationRepository repository(db);
    for (const StationRecord &s : std::as_const(stations))
        if (auto saved = repository.upsert(s); !saved)
            err() << saved.error().text() << Qt::endl;
    if (!closed) {
        err() << closed.error().text() << Qt::endl;
        return Failure;
    }

    const ImportSummary &s = result.value();
    out() << tr("Imported %1: %2 connections, %3 frames, %4 problems, %5 encrypted connections skipped.")
                 .arg(file)
                 .arg(s.connections)
                 .arg(s.frames)
                 .arg(s.problems)
                 .arg(s.encrypted.size())
          << Qt::endl;
    for (const SkippedConnection &c : s.encrypted)
        out() << tr("  encrypted: %1 -> %2: %3").arg(c.client, c.server, c.reason) << Qt::endl;
    if (!s.error.isEmpty()) {
        err() << s.error << Qt::endl;
        return Failure;
    }
    return Ok;
}

} // namespace

bool isPcapFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray magic = f.read(4);
    static const char *const known[] = {"\xa1\xb2\xc3\xd4", "\xd4\xc3\xb2\xa1", "\xa1\xb2\x3c\x4d", "\x4d\x3c\xb2\xa1",
                                        "\x0a\x0d\x0d\x0a"};
    for (const char *m : known)
        if (magic == QByteArray(m, 4))
            return true;
    return false;
}

int runCaptureCommand(const QStringList &args)
{
    if (args.value(1) == QLatin1String("import")) {
        // The file is the first argument that is neither an option nor an option's value.
        for (qsizetype i = 2; i < args.size(); ++i) {
            const QString &a = args.at(i);
            if (a == QLatin1String("--db")) {
                ++i;
                continue;
            }
            if (a.startsWith(QLatin1Char('-')))
                continue;
            if (isPcapFile(a)) {
                QStringList rest = args;
                rest[0] = args.at(0) + QStringLiteral(" import");
                rest.removeAt(1);
                return runCapturePcapImport(rest);
            }
            break;
        }
    }
    return runCapture(args);
}

int runCapturePcapImport(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Read OCPP traffic from a pcap/pcapng file (Wireshark, tcpdump, dumpcap) into the "
                                   "capture database. TLS connections are listed, not decoded."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("file"), tr("pcap or pcapng file"));
    p.addOption({QStringLiteral("db"), tr("Capture database (created when missing)."), tr("file")});
    p.addOption({QStringLiteral("no-validation"), tr("Decode frames without checking payloads against the schemas (faster).")});
    p.process(args);
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1 || !p.isSet(QStringLiteral("db"))) {
        err() << tr("Usage: chargebench-cli capture import FILE --db DB [--no-validation]") << Qt::endl;
        return Usage;
    }
    return runImport(pos.at(0), p.value(QStringLiteral("db")), !p.isSet(QStringLiteral("no-validation")));
}

} // namespace cb::cli
