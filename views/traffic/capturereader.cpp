#include "capturereader.h"

#include "capturesession.h"
#include "storage/framerepository.h"
#include "storage/framesearchindex.h"


namespace cb {

CaptureReader::CaptureReader(CaptureSession *session, std::shared_ptr<std::atomic<quint64>> generation)
    : m_session(session), m_generation(std::move(generation))
{
}

template<typename F>
void CaptureReader::post(F &&f)
{
    QMetaObject::invokeMethod(m_session, std::forward<F>(f), Qt::QueuedConnection);
}

void CaptureReader::open(const QString &path)
{
    auto opened = m_db.open(path);
    CaptureSession *s = m_session;
    const QString error = opened ? QString() : opened.error().text();
    post([s, error] {
        s->m_open = error.isEmpty();
        Q_EMIT s->opened(error.isEmpty(), error);
    });
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
    CaptureSession *s = m_session;
    if (!page) {
        const QString error = page.error().text();
        post([s, generation, error] {
            Q_EMIT s->failed(error);
            Q_EMIT s->idsListed(generation, {}, true);
        });
        return;
    }
    const QList<qint64> ids = page.value();
    const bool done = ids.size() < pageSize;
    post([s, generation, ids, done] { Q_EMIT s->idsListed(generation, ids, done); });
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
    CaptureSession *s = m_session;
    if (!r) {
        const QString error = r.error().text();
        post([s, error] { Q_EMIT s->failed(error); });
        return;
    }
    post([s, token, rows = r.value()] { Q_EMIT s->rowsFetched(token, rows); });
}

void CaptureReader::record(qint64 id)
{
    if (!m_db.isOpen())
        return;
    auto r = FrameRepository(m_db).frame(id);
    CaptureSession *s = m_session;
    if (!r) {
        const QString error = r.error().text();
        post([s, error] { Q_EMIT s->failed(error); });
        return;
    }
    post([s, id, rec = r.value()] { Q_EMIT s->recordFetched(id, rec); });
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
    post([s = m_session, token, out] { Q_EMIT s->recordsFetched(token, out); });
}

void CaptureReader::setLintFrames(const QList<qint64> &ids)
{
    if (!m_db.isOpen())
        return;
    if (auto ok = m_query.setLintFrames(ids); !ok)
        post([s = m_session, error = ok.error().text()] { Q_EMIT s->failed(error); });
}

} // namespace cb
