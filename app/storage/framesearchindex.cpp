#include "framesearchindex.h"

#include "database.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace cb {

Status<> FrameSearchIndex::ensure()
{
    QSqlQuery q(m_db.connection());
    const QString doing = tr("Preparing the full-text index of payloads");
    // unicode61 folds case and splits on punctuation, so "Accepted" finds "status":"Accepted".
    if (!q.exec(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS frames_fts USING fts5(payload, content='frames', "
                               "content_rowid='id', tokenize='unicode61')")))
        return m_db.describe(q.lastError(), doing);
    // The external-content table cannot tell which rows it holds (reads of it go to frames), so the
    // progress is kept beside it.
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS frames_fts_progress (one INTEGER PRIMARY KEY CHECK (one = 1), "
                               "last_id INTEGER NOT NULL)")))
        return m_db.describe(q.lastError(), doing);
    return success();
}

Result<qint64> FrameSearchIndex::indexedUpTo() const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'frames_fts_progress'")) || !q.next())
        return m_db.describe(q.lastError(), tr("Reading the full-text index"));
    if (q.value(0).toInt() == 0)
        return qint64(0);
    if (!q.exec(QStringLiteral("SELECT coalesce(max(last_id), 0) FROM frames_fts_progress")) || !q.next())
        return m_db.describe(q.lastError(), tr("Reading the full-text index"));
    return q.value(0).toLongLong();
}

Result<qint64> FrameSearchIndex::catchUp(int maxRows)
{
    const QString doing = tr("Updating the full-text index of payloads");
    QSqlDatabase c = m_db.connection();
    QSqlQuery q(c);
    // IMMEDIATE: take the write lock before reading the progress, so two indexers (two windows on
    // one file) never index the same rows twice.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return m_db.describe(q.lastError(), doing);
    auto fail = [&](const QSqlError &e) -> Result<qint64> {
        QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
        return m_db.describe(e, doing);
    };
    const auto from = indexedUpTo();
    if (!from) {
        QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
        return from.error();
    }
    q.prepare(QStringLiteral("SELECT coalesce(max(id), 0), count(*) FROM (SELECT id FROM frames WHERE id > ? ORDER BY id LIMIT ?)"));
    q.addBindValue(from.value());
    q.addBindValue(maxRows);
    if (!q.exec() || !q.next())
        return fail(q.lastError());
    const qint64 last = q.value(0).toLongLong();
    const qint64 rows = q.value(1).toLongLong();
    q.finish();
    if (rows == 0) {
        QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
        return qint64(0);
    }
    q.prepare(QStringLiteral("INSERT INTO frames_fts (rowid, payload) SELECT id, payload FROM frames WHERE id > ? AND id <= ? "
                             "AND payload IS NOT NULL"));
    q.addBindValue(from.value());
    q.addBindValue(last);
    if (!q.exec())
        return fail(q.lastError());
    q.prepare(QStringLiteral("INSERT INTO frames_fts_progress (one, last_id) VALUES (1, ?) ON CONFLICT (one) DO UPDATE SET "
                             "last_id = excluded.last_id"));
    q.addBindValue(last);
    if (!q.exec())
        return fail(q.lastError());
    if (!q.exec(QStringLiteral("COMMIT")))
        return fail(q.lastError());
    return rows;
}

QString FrameSearchIndex::matchExpression(const QString &text)
{
    // Split as the tokenizer does (letters and digits form words), then quote each word so that
    // nothing a person types is read as an FTS5 operator.
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    const QStringList words = text.split(separators, Qt::SkipEmptyParts);
    QStringList terms;
    for (const QString &w : words)
        terms << QLatin1Char('"') + w + QLatin1Char('"');
    if (terms.isEmpty())
        return {};
    terms.last() += QLatin1Char('*');
    return terms.join(QLatin1Char(' '));
}

QString FrameSearchIndex::likePattern(const QString &text)
{
    QString escaped = text.trimmed();
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace cb
