#include "captureindexer.h"

#include "inspection/capturequery.h"
#include "inspection/protocollinter.h"
#include "storage/framerepository.h"
#include "storage/framesearchindex.h"
#include "storage/framewindowquery.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QVariant>

namespace cb {

namespace {
Q_LOGGING_CATEGORY(lcTrafficIndex, "chargebench.traffic.index")
}

CaptureIndexer::CaptureIndexer(std::shared_ptr<std::atomic_bool> stop) : m_stop(std::move(stop)) {}

void CaptureIndexer::open(const QString &path)
{
    if (auto ok = m_db.open(path); !ok) {
        qCWarning(lcTrafficIndex) << ok.error().text();
        return;
    }
    options();
    auto ensured = FrameSearchIndex(m_db).ensure();
    m_indexUsable = ensured.ok();
    if (!ensured)
        Q_EMIT indexUnusable(ensured.error().text()); // said once, not per search
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
    Q_EMIT filterOptions(stations ? stations.value() : QStringList(), actions ? actions.value() : QStringList(), first, last);
}

void CaptureIndexer::indexStep()
{
    if (!m_db.isOpen() || !m_indexUsable || m_stop->load()) {
        Q_EMIT indexIdle();
        return;
    }
    FrameSearchIndex index(m_db);
    auto rows = index.catchUp(kStepRows);
    const qint64 upTo = index.indexedUpTo().valueOr(0);
    const qint64 last = FrameRepository(m_db).lastId().valueOr(0);
    if (!rows)
        qCWarning(lcTrafficIndex) << rows.error().text();
    const bool more = rows && rows.value() > 0 && upTo < last;
    Q_EMIT indexProgress(upTo, last, more);
    if (more)
        QMetaObject::invokeMethod(this, [this] { indexStep(); }, Qt::QueuedConnection);
}

void CaptureIndexer::lint(const CaptureSelection &selection)
{
    if (!m_db.isOpen())
        return;
    ProtocolLinter linter;
    qint64 seen = 0;
    auto walked = CaptureQuery(m_db).forEachPage(selection, [&](const QList<StoredCaptureRecord> &page) {
        for (const StoredCaptureRecord &r : page)
            linter.add(r);
        seen += page.size();
        if (seen % 50000 < CaptureQuery::kPageSize)
            Q_EMIT lintProgress(seen);
        return !m_stop->load();
    });
    if (!walked) {
        Q_EMIT lintFailed(walked.error().text());
        return;
    }
    Q_EMIT lintFinished(linter.finish());
}

} // namespace cb
