#include "reportreader.h"

#include "devicemodel/configurationkeymapping.h"
#include "devicemodelcontext.h"
#include "devicemodellogging.h"

#include <QRandomGenerator>

namespace cb {

using namespace dm;

namespace {

QString statusInfoText(const QJsonObject &statusInfo)
{
    const QString code = statusInfo.value(QLatin1String("reasonCode")).toString();
    const QString more = statusInfo.value(QLatin1String("additionalInfo")).toString();
    return more.isEmpty() ? code : code + QLatin1String(": ") + more;
}

QString pagesText(const QList<int> &pages)
{
    QStringList s;
    for (int p : pages)
        s << QString::number(p);
    return s.join(QLatin1String(", "));
}

} // namespace

ReportReader::ReportReader(DeviceModelContext &context) : d(context)
{
    // Request ids unique across restarts of ChargeBench, so pages of an old request that a
    // station still sends cannot be taken for a new one.
    m_nextRequestId = int(QRandomGenerator::global()->bounded(1, 1 << 30));
    m_pageTimer.setSingleShot(true);
    QObject::connect(&m_pageTimer, &QTimer::timeout, &d.link, [this] { onPageTimeout(); });
    QObject::connect(&d.link, &StationLink::reportPage, &d.link, [this](const QJsonObject &page) { onPage(page); });
}

void ReportReader::start(int op, const ReportRequest &request)
{
    const QString source = request.sourceName();
    const QString &id = d.identity();
    if (m_read) {
        failLater(op, tr("A report is still being read from %1.").arg(id) + QLatin1Char(' ') + tr("Wait for it to finish, then ask again."));
        return;
    }
    const auto v = d.link.version();
    if (!d.link.isConnected() || !v) {
        failLater(op, tr("%1 is not connected.").arg(id) + QLatin1Char(' ') + tr("Reports can be read once the station is online."));
        return;
    }
    const bool is16 = *v == OcppVersion::V16;
    if (is16 != (request.kind == ReportRequest::Kind::Configuration)) {
        failLater(op, is16 ? tr("%1 speaks OCPP 1.6, which has no device model reports.").arg(id) + QLatin1Char(' ')
                                 + tr("Read its configuration keys (GetConfiguration) instead.")
                           : tr("%1 speaks OCPP 2.x, which has no configuration keys.").arg(id) + QLatin1Char(' ')
                                 + tr("Read a base report or GetReport instead."));
        return;
    }
    Q_EMIT d.q->reportStarted(op, source);
    if (is16) {
        readConfiguration(op, request);
        return;
    }
    const int requestId = m_nextRequestId++;
    m_read = Read{op, request, ReportAssembler(requestId), false};
    armPageTimer();
    const ReportRequest::Operation operation = request.operation(requestId);
    d.run(operation.name, operation.args, [this, op](const CallOutcome &o) {
        if (!m_read || m_read->op != op)
            return;
        if (!o.ok()) {
            fail(tr("%1 did not take the report request: %2").arg(d.identity(), o.describe()));
            return;
        }
        const QString status = o.payload.value(QLatin1String("status")).toString();
        if (status == QLatin1String("EmptyResultSet")) {
            // Nothing matches: an empty, complete report.
            finish();
            return;
        }
        if (status != QLatin1String("Accepted")) {
            const QString info = statusInfoText(o.payload.value(QLatin1String("statusInfo")).toObject());
            fail(tr("%1 answered %2 to %3%4.")
                     .arg(d.identity(), status, m_read->request.action(), info.isEmpty() ? QString() : QLatin1String(" (") + info + QLatin1Char(')')));
            return;
        }
        m_read->accepted = true;
        if (m_read->assembler.isComplete())
            finish();
    });
}

void ReportReader::armPageTimer()
{
    // After the last page, wait only briefly for stragglers of an out-of-order delivery.
    auto t = d.pageTimeout();
    if (m_read && m_read->assembler.lastPageSeen())
        t = std::min(t, std::chrono::milliseconds(2000));
    m_pageTimer.start(t);
}

void ReportReader::onPage(const QJsonObject &page)
{
    if (!m_read)
        return;
    const ReportAssembler::PageOutcome outcome = m_read->assembler.addPage(page);
    if (outcome == ReportAssembler::PageOutcome::WrongRequest)
        return; // another tool's request, or one we gave up on
    if (outcome != ReportAssembler::PageOutcome::Added) {
        qCInfo(lcDeviceModel) << d.identity() << "ignored NotifyReport page" << page.value(QLatin1String("seqNo")).toInt()
                              << (outcome == ReportAssembler::PageOutcome::Duplicate ? "(duplicate)" : "(after the last page)");
        return;
    }
    Q_EMIT d.q->reportProgress(m_read->op, m_read->assembler.pagesReceived(), m_read->assembler.entriesReceived());
    if (m_read->assembler.isComplete() && m_read->accepted) {
        finish();
        return;
    }
    armPageTimer();
}

void ReportReader::onPageTimeout()
{
    if (!m_read)
        return;
    const ReportAssembler &a = m_read->assembler;
    if (a.isComplete()) {
        finish(); // complete, but the CALLRESULT never came: the data is still good
        return;
    }
    const double seconds = d.pageTimeout().count() / 1000.0;
    QString why;
    if (a.lastPageSeen())
        why = tr("Pages %1 of report %2 from %3 never arrived.").arg(pagesText(a.missingPages())).arg(a.requestId()).arg(d.identity());
    else if (a.pagesReceived() == 0)
        why = tr("%1 sent no report within %2 s.").arg(d.identity()).arg(seconds);
    else
        why = tr("The report from %1 stopped after %2 pages (no last page within %3 s)%4.")
                  .arg(d.identity())
                  .arg(a.pagesReceived())
                  .arg(seconds)
                  .arg(a.missingPages().isEmpty() ? QString() : tr("; pages %1 are missing").arg(pagesText(a.missingPages())));
    fail(why + QLatin1Char(' ') + tr("Read the report again; the partial data was kept as an incomplete snapshot."));
}

void ReportReader::finish()
{
    m_pageTimer.stop();
    Read r = std::move(*m_read);
    m_read.reset();
    const DeviceModel received = r.assembler.model();
    SnapshotInfo info = d.makeInfo(r.request.sourceName(), received.size());
    const bool full = r.request.kind == ReportRequest::Kind::BaseReport && r.request.reportBase == QLatin1String("FullInventory");
    if (received.isEmpty() && !full) {
        Q_EMIT d.q->reportCompleted(r.op, info);
        return;
    }
    const int op = r.op;
    d.store.storeAsync(Snapshot{info, received}, [this, op, received, info, full](qint64 id) mutable {
        info.id = id;
        d.adopt(received, info, full);
        Q_EMIT d.q->reportCompleted(op, info);
    });
}

void ReportReader::fail(const QString &message)
{
    m_pageTimer.stop();
    Read r = std::move(*m_read);
    m_read.reset();
    const DeviceModel partial = r.assembler.model();
    SnapshotInfo info = d.makeInfo(r.request.sourceName(), partial.size());
    info.complete = false;
    info.problem = message;
    qCWarning(lcDeviceModel) << message;
    if (partial.isEmpty()) {
        Q_EMIT d.q->reportFailed(r.op, message, info);
        return;
    }
    const int op = r.op;
    // Kept as an incomplete snapshot, not adopted: model() only holds complete reports.
    d.store.storeAsync(Snapshot{info, partial}, [this, op, message, info](qint64 id) mutable {
        info.id = id;
        Q_EMIT d.q->reportFailed(op, message, info);
    });
}

void ReportReader::failLater(int op, const QString &message)
{
    SnapshotInfo info = d.makeInfo(QString(), 0);
    info.complete = false;
    info.problem = message;
    d.later([this, op, message, info] { Q_EMIT d.q->reportFailed(op, message, info); });
}

void ReportReader::readConfiguration(int op, const ReportRequest &request)
{
    // GetConfigurationMaxKeys bounds the keys of one request; all keys is one request.
    QList<QStringList> batches;
    if (request.keys.isEmpty()) {
        batches.append(QStringList());
    } else {
        const int max = d.configurationMaxKeys();
        for (qsizetype i = 0; i < request.keys.size(); i += max)
            batches.append(request.keys.mid(i, max));
    }
    m_read = Read{op, request, ReportAssembler(0), true};
    auto mapped = std::make_shared<ConfigurationKeyMapping::Mapped>();
    auto step = std::make_shared<std::function<void(qsizetype)>>();
    // The step holds itself only weakly: the call in flight owns it, so a read that never
    // finishes (the link went away) frees it too.
    *step = [this, op, batches, mapped, request, weakStep = std::weak_ptr(step)](qsizetype i) {
        if (i == batches.size()) {
            m_read.reset();
            SnapshotInfo info = d.makeInfo(request.sourceName(), mapped->model.size());
            info.unknownKeys = mapped->unknownKeys;
            const bool all = request.keys.isEmpty();
            d.store.storeAsync(Snapshot{info, mapped->model}, [this, op, mapped, info, all](qint64 id) mutable {
                info.id = id;
                d.adopt(mapped->model, info, all);
                if (!mapped->unknownKeys.isEmpty())
                    Q_EMIT d.q->unknownKeys(op, mapped->unknownKeys);
                Q_EMIT d.q->reportCompleted(op, info);
            });
            return;
        }
        ReportRequest part = request;
        part.keys = batches.at(i);
        const ReportRequest::Operation operation = part.operation(0);
        d.run(operation.name, operation.args, [this, op, i, mapped, step = weakStep.lock()](const CallOutcome &o) {
            if (!m_read || m_read->op != op)
                return;
            if (!o.ok()) {
                fail(tr("%1 did not answer GetConfiguration: %2").arg(d.identity(), o.describe()));
                return;
            }
            const ConfigurationKeyMapping::Mapped m = ConfigurationKeyMapping::fromGetConfiguration(o.payload);
            for (const DeviceModelEntry &e : m.model.entries())
                mapped->model.upsert(e);
            mapped->unknownKeys += m.unknownKeys;
            Q_EMIT d.q->reportProgress(op, int(i + 1), mapped->model.size());
            (*step)(i + 1);
        });
    };
    (*step)(0);
}

} // namespace cb
