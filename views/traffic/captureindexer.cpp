#include "captureindexer.h"

#include "capturereader.h"
#include "capturesession.h"
#include "inspection/capturequery.h"
#include "inspection/protocollinter.h"
#include "storage/framerepository.h"
#include "storage/framesearchindex.h"
#include "storage/framewindowquery.h"

#include <QSqlQuery>
#include <QVariant>

#include <QLoggingCategory>

namespace cb {

namespace {
Q_LOGGING_CATEGORY(lcTrafficIndex, "chargebench.traffic.index")
}

CaptureIndexer::CaptureIndexer(CaptureSession *session, std::shared_ptr<std::atomic_bool> stop)
    : m_session(session), m_stop(std::move(stop))
{
}

void CaptureIndexer::open(const QString &path)
{
    if (auto ok = m_db.open(path); !ok) {
        qCWarning(lcTrafficIndex) << ok.error().text();
        return;
    }
    options();
    auto ensured = FrameSearchIndex(m_db).ensure();
    m_indexUsable = ensured.ok();
    if (!ensured) {
        // Search still works (by LIKE), only slower: say so once.
        QMetaObject::invokeMethod(
            m_session, [s = m_session, e = ensured.error().text()] { Q_EMIT s->failed(e); }, Qt::QueuedConnection);
    }
}

void CaptureIndexer::close() { m_db.close(); }

void CaptureIndexer::options()
{
    if (!m_db.isOpen())
        return;
    // DISTINCT over a million rows takes a few hundred ms: here, not on the reader thread that
    // serves the first screen.
    FrameWindowQuery query(m_db);
    const auto stations = query.stations();
    const auto actions = query.actions();
    qint64 first = 0, last = 0;
    QSqlQuery q(m_db.connection());
    if (q.exec(QStringLiteral("SELECT min(ts_us), max(ts_us) FROM frames")) && q.next()) {
        first = q.value(0).toLongLong();
        last = q.value(1).toLongLong();
    }
    QMetaObject::invokeMethod(
        m_session,
        [s = m_session, st = stations ? stations.value() : QStringList(), ac = actions ? actions.value() : QStringList(), first, last] {
            Q_EMIT s->filterOptions(st, ac, first, last);
        },
        Qt::QueuedConnection);
}

void CaptureIndexer::indexStep()
{
    CaptureSession *s = m_session;
    if (!m_db.isOpen() || !m_indexUsable || m_stop->load()) {
        QMetaObject::invokeMethod(s, [s] { s->m_indexing = false; }, Qt::QueuedConnection);
        return;
    }
    FrameSearchIndex index(m_db);
    auto rows = index.catchUp(kStepRows);
    const qint64 upTo = index.indexedUpTo().valueOr(0);
    const qint64 last = FrameRepository(m_db).lastId().valueOr(0);
    if (!rows)
        qCWarning(lcTrafficIndex) << rows.error().text();
    const bool more = rows && rows.value() > 0 && upTo < last;
    QMetaObject::invokeMethod(
        s,
        [s, upTo, last, more] {
            s->m_indexedUpTo = upTo;
            Q_EMIT s->searchIndexProgress(upTo, last);
            if (!more) {
                s->m_indexing = false;
                if (s->m_indexAgain)
                    s->startIndexing();
            }
        },
        Qt::QueuedConnection);
    if (more)
        QMetaObject::invokeMethod(this, [this] { indexStep(); }, Qt::QueuedConnection);
}

void CaptureIndexer::lint(const CaptureSelection &selection)
{
    CaptureSession *s = m_session;
    if (!m_db.isOpen())
        return;
    ProtocolLinter linter;
    qint64 seen = 0;
    auto walked = CaptureQuery(m_db).forEachPage(selection, [&](const QList<StoredCaptureRecord> &page) {
        for (const StoredCaptureRecord &r : page)
            linter.add(r);
        seen += page.size();
        if (seen % 50000 < CaptureQuery::kPageSize)
            QMetaObject::invokeMethod(s, [s, seen] { Q_EMIT s->lintProgress(seen); }, Qt::QueuedConnection);
        return !m_stop->load();
    });
    if (!walked) {
        QMetaObject::invokeMethod(
            s,
            [s, e = walked.error().text()] {
                s->m_linting = false;
                Q_EMIT s->failed(e);
            },
            Qt::QueuedConnection);
        return;
    }
    LintReport report = linter.finish();
    QMetaObject::invokeMethod(
        s,
        [s, report] {
            s->m_linting = false;
            QList<qint64> ids;
            for (const LintFinding &f : report.findings)
                ids.append(f.frameIds);
            if (s->m_reader)
                QMetaObject::invokeMethod(s->m_reader, [r = s->m_reader, ids] { r->setLintFrames(ids); });
            Q_EMIT s->lintFinished(report);
        },
        Qt::QueuedConnection);
}

} // namespace cb
