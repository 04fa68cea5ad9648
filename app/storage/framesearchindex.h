#pragma once

#include "common/result.h"

#include <QCoreApplication>
#include <QString>

namespace cb {

class Database;

// Full-text index over frame payloads (SQLite FTS5, external content on frames.id).
//
// The index is derived data, not part of the schema: ensure() creates it when missing
// (CREATE ... IF NOT EXISTS) and catchUp() indexes the frames written since the last call, in small
// transactions, so the capture writer never waits long and never pays for the index itself. Ids
// are never reused, so "indexed up to id N" is the whole state; retention takes the words of the
// rows it deletes out of the index in the same transaction (FrameRepository::deleteFramesOlderThan).
class FrameSearchIndex
{
    Q_DECLARE_TR_FUNCTIONS(cb::FrameSearchIndex)
public:
    explicit FrameSearchIndex(Database &db) : m_db(db) {}

    // Creates the index tables when missing. False when this SQLite lacks FTS5.
    Status<> ensure();
    // The highest frame id indexed so far (0: none).
    Result<qint64> indexedUpTo() const;
    // Indexes up to maxRows frames after indexedUpTo() in one transaction; returns how many.
    Result<qint64> catchUp(int maxRows = 5000);

    // The FTS5 query for words a person typed: each word quoted (no operators), the last one as a
    // prefix, all of them required. Empty when there is nothing to look for.
    static QString matchExpression(const QString &text);
    // The LIKE pattern (escape character '\') for rows the index does not cover yet.
    static QString likePattern(const QString &text);

    static QString tableName() { return QStringLiteral("frames_fts"); }

private:
    Database &m_db;
};

} // namespace cb
