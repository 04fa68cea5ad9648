#include "capturereader.h"

#include "storage/framerepository.h"
#include "storage/framesearchindex.h"

namespace cb {

CaptureReader::CaptureReader(std::shared_ptr<std::atomic<quint64>> generation) : m_generation(std::move(generation)) {}

void CaptureReader::open(const QString &path)
{
    auto opened = m_db.open(path);
    Q_EMIT this->opened(opened.ok(), opened ? QString() : opened.error().text());
}

void CaptureReader::close() { m_db.close(); }

void CaptureReader::list(quint64 generation, const FrameViewFilter &filter, qint64 afterId, int pageSize)
{
    if (generation != m_generation->load() || !m_db.isOpen())
        return;
    if (pageSize == kFirstPage || afterId == 0) {
        // Search: what the index covers now, the rest by LIKE.
        const auto indexed = FrameSearchIndex(m_db).indexedUpTo();
        m_query.setSearchIndexedUpTo(indexed ? indexed.value() : 0);
    }
    auto page = m_query.ids(filter, afterId, pageSize);
    if (!page) {
        Q_EMIT failed(page.error().text());
        Q_EMIT idsListed(generation, {}, true);
        return;
    }
    const QList<qint64> ids = page.value();
    const bool done = ids.size() < pageSize;
    Q_EMIT idsListed(generation, ids, done);
    if (!done) {
        const qint64 last = ids.constLast();
        QMetaObject::invokeMethod(
            this, [this, generation, filter, last] { list(generation, filter, last, kPage); }, Qt::QueuedConnection);
    }
}

void CaptureReader::rows(quint64 token, const QList<qint64> &ids)
{
    if (!m_db.isOpen())
        return;
    auto r = m_query.rows(ids);
    if (!r) {
        Q_EMIT failed(r.error().text());
        return;
    }
    Q_EMIT rowsFetched(token, r.value());
}

void CaptureReader::record(qint64 id)
{
    if (!m_db.isOpen())
        return;
    auto r = FrameRepository(m_db).frame(id);
    if (!r) {
        Q_EMIT failed(r.error().text());
        return;
    }
    Q_EMIT recordFetched(id, r.value());
}

void CaptureReader::records(quint64 token, const QList<qint64> &ids)
{
    if (!m_db.isOpen())
        return;
    QList<StoredCaptureRecord> out;
    FrameRepository repo(m_db);
    for (qint64 id : ids) {
        auto r = repo.frame(id);
        if (r && r.value())
            out.append(*r.value());
    }
    Q_EMIT recordsFetched(token, out);
}

void CaptureReader::setLintFrames(const QList<qint64> &ids)
{
    if (!m_db.isOpen())
        return;
    if (auto ok = m_query.setLintFrames(ids); !ok)
        Q_EMIT failed(ok.error().text());
}

} // namespace cb
