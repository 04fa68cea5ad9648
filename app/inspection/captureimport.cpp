#include "captureimport.h"

#include "capture/pcapimporter.h"
#include "capturejsonlreader.h"
#include "inspectionlogging.h"
#include "rpc/ocppversion.h"
#include "storage/capturewriter.h"
#include "storage/database.h"
#include "storage/stationrepository.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace cb {

namespace {

// Imported connections get ids after every connection already in the database, so they never
// merge with others.
qint64 highestConnectionId(Database &db)
{
    QSqlQuery q(db.connection());
    if (q.exec(QStringLiteral("SELECT COALESCE(MAX(connection_id), 0) FROM frames")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

void noteStation(QHash<QString, StationRecord> &stations, const CaptureRecord &r)
{
    if (r.stationId.isEmpty())
        return;
    StationRecord &s = stations[r.stationId];
    s.id = r.stationId;
    s.firstSeenUs = s.firstSeenUs ? std::min(s.firstSeenUs, r.timestampUs) : r.timestampUs;
    s.lastSeenUs = std::max(s.lastSeenUs, r.timestampUs);
    if (r.kind == CaptureRecord::Kind::ConnectionOpened) {
        const QJsonObject details = QJsonDocument::fromJson(r.data).object();
        if (auto v = versionFromSubprotocol(details.value(QStringLiteral("subprotocol")).toString()))
            s.ocppVersion = versionName(*v);
        s.remoteAddress = details.value(QStringLiteral("remote")).toString();
    }
}

bool cancelled(const std::atomic_bool *cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

} // namespace

CaptureImport::Format CaptureImport::detect(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Format::Unknown;
    const QByteArray head = f.read(16);
    if (head.startsWith("SQLite format 3"))
        return Format::Database;
    static const char *const pcapMagic[] = {"\xa1\xb2\xc3\xd4", "\xd4\xc3\xb2\xa1", "\xa1\xb2\x3c\x4d", "\x4d\x3c\xb2\xa1",
                                            "\x0a\x0d\x0d\x0a"};
    for (const char *m : pcapMagic)
        if (head.startsWith(QByteArray(m, 4)))
            return Format::Pcap;
    if (head.trimmed().startsWith('{'))
        return Format::JsonLines;
    return Format::Unknown;
}

Result<CaptureImport::Outcome> CaptureImport::run(const QString &file, const QString &dbPath, const Progress &progress,
                                                  const std::atomic_bool *cancel, bool validatePayloads)
{
    Outcome out;
    out.format = detect(file);
    if (out.format == Format::Unknown || out.format == Format::Database)
        return Error{tr("%1 is not a capture ChargeBench can import.").arg(file),
                     tr("Choose a pcap or pcapng file (Wireshark, tcpdump, dumpcap), a ChargeBench JSON lines export, or "
                        "open a ChargeBench database directly.")};
    Database db;
    if (auto opened = db.open(dbPath); !opened)
        return opened.error();
    const qint64 offset = highestConnectionId(db);
    CaptureWriter writer;
    if (auto opened = writer.open(dbPath); !opened)
        return opened.error();

    QHash<QString, StationRecord> stations;
    auto take = [&](CaptureRecord &&r) {
        noteStation(stations, r);
        writer.append(r);
        ++out.records;
    };

    if (out.format == Format::Pcap) {
        PcapImporter importer;
        if (progress)
            importer.setProgress(progress);
        importer.setCancelFlag(cancel);
        importer.setValidatePayloads(validatePayloads);
        auto result = importer.import(file, [&](CaptureRecord &&r) {
            if (r.connectionId)
                r.connectionId += offset;
            take(std::move(r));
        });
        if (!result) {
            (void)writer.close();
            return result.error();
        }
        out.pcap = result.value();
        out.cancelled = out.pcap.cancelled;
        out.warning = out.pcap.error;
    } else {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            return Error{tr("Cannot read %1: %2.").arg(file, in.errorString()), tr("Check that the file exists and that you may read it.")};
        const qint64 total = in.size();
        CaptureJsonlReader reader(in);
        if (auto h = reader.readHeader(); !h) {
            (void)writer.close();
            return h.error();
        }
        qint64 sinceProgress = 0;
        for (;;) {
            if (cancelled(cancel)) {
                out.cancelled = true;
                break;
            }
            auto next = reader.next();
            if (!next) {
                out.warning = next.error().message;
                break;
            }
            if (!next.value())
                break;
            take(std::move(next.value()->record));
            if (progress && ++sinceProgress >= 2000) {
                sinceProgress = 0;
                progress(in.pos(), total);
            }
        }
        if (progress)
            progress(in.pos(), total);
    }
    const Status<> closed = writer.close();
    StationRepository repository(db);
    for (const StationRecord &s : std::as_const(stations))
        if (auto saved = repository.upsert(s); !saved)
            qCWarning(lcInspection) << saved.error().text();
    if (!closed)
        return closed.error();
    return out;
}

} // namespace cb
