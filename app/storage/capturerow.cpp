#include "capturerow.h"

#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

#include <cstring>

namespace cb::capturerow {

namespace {

// Empty optional text is stored as NULL, which keeps the table readable in the sqlite3 shell.
QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

// TEXT when the bytes are valid UTF-8 (every OCPP-J frame should be), BLOB otherwise, so that
// malformed frames are kept byte for byte. Read back, both give the same bytes. Text goes through
// UTF-16 between Qt and SQLite, which drops a leading byte order mark (Qt) and turns the
// noncharacters U+FFFE/U+FFFF into U+FFFD (SQLite); such rare frames are stored as BLOB too.
bool storableAsText(const QByteArray &data)
{
    if (!data.isValidUtf8())
        return false;
    // All three start with the byte 0xEF, which JSON frames (mostly ASCII) seldom contain: one
    // memchr decides for nearly every frame.
    if (!std::memchr(data.constData(), 0xef, size_t(data.size())))
        return true;
    return !data.startsWith("\xef\xbb\xbf") && !data.contains("\xef\xbf\xbe") && !data.contains("\xef\xbf\xbf");
}

QVariant payload(const QByteArray &data)
{
    if (data.isNull())
        return QVariant(QMetaType::fromType<QString>());
    if (storableAsText(data))
        return QVariant(QString::fromUtf8(data));
    return QVariant(data);
}

// UTF-16 text as Qt's SQLite driver binds a QString (bind_text16), NULL for a null string.
int bindText16(sqlite3_stmt *st, int column, const QString &s)
{
    if (s.isNull())
        return sqlite3_bind_null(st, column);
    return sqlite3_bind_text16(st, column, s.utf16(), int(s.size() * 2), SQLITE_STATIC);
}

// Station ids, message ids and action names are ASCII: their UTF-8 is the UTF-16 narrowed, done
// here into `ascii` without allocating, where SQLite would convert into a buffer it allocates and
// frees per column and row. Anything else (or no room left in `ascii`, which must not reallocate
// while the statement refers to it) goes through bindText16() and is stored the same.
int bindText(sqlite3_stmt *st, int column, const QString &s, std::string *ascii)
{
    const qsizetype n = s.size();
    if (!ascii || s.isNull() || qsizetype(ascii->capacity() - ascii->size()) < n)
        return bindText16(st, column, s);
    const ushort *from = s.utf16();
    const size_t start = ascii->size();
    for (qsizetype i = 0; i < n; ++i) {
        if (from[i] >= 0x80) {
            ascii->resize(start);
            return bindText16(st, column, s);
        }
        ascii->push_back(char(from[i]));
    }
    return sqlite3_bind_text(st, column, ascii->data() + start, int(n), SQLITE_STATIC);
}

int bindTextOrNull(sqlite3_stmt *st, int column, const QString &s, std::string *ascii)
{
    return s.isEmpty() ? sqlite3_bind_null(st, column) : bindText(st, column, s, ascii);
}

const char *kindLiteral(CaptureRecord::Kind kind)
{
    switch (kind) {
    case CaptureRecord::Kind::Frame: return "frame";
    case CaptureRecord::Kind::ConnectionOpened: return "open";
    case CaptureRecord::Kind::ConnectionClosed: return "close";
    case CaptureRecord::Kind::Note: return "note";
    }
    return "note";
}

} // namespace

QString kindName(CaptureRecord::Kind kind)
{
    switch (kind) {
    case CaptureRecord::Kind::Frame:
        return QStringLiteral("frame");
    case CaptureRecord::Kind::ConnectionOpened:
        return QStringLiteral("open");
    case CaptureRecord::Kind::ConnectionClosed:
        return QStringLiteral("close");
    case CaptureRecord::Kind::Note:
        return QStringLiteral("note");
    }
    return QStringLiteral("note");
}

CaptureRecord::Kind kindFromName(const QString &name)
{
    if (name == QLatin1String("frame"))
        return CaptureRecord::Kind::Frame;
    if (name == QLatin1String("open"))
        return CaptureRecord::Kind::ConnectionOpened;
    if (name == QLatin1String("close"))
        return CaptureRecord::Kind::ConnectionClosed;
    return CaptureRecord::Kind::Note;
}

QString insertStatement(int rows, OnConflict onConflict)
{
    QString sql = (onConflict == OnConflict::Rollback ? QStringLiteral("INSERT OR ROLLBACK") : QStringLiteral("INSERT")) +
                  QStringLiteral(" INTO frames (ts_us, kind, channel, station_id, connection_id, direction, msg_type, "
                                 "msg_id, action, payload, problem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (int i = 1; i < rows; ++i)
        sql += QStringLiteral(", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return sql;
}

void bind(QSqlQuery &q, const CaptureRecord &r)
{
    q.bindValue(0, r.timestampUs);
    q.bindValue(1, kindName(r.kind));
    q.bindValue(2, r.channel.isEmpty() ? QStringLiteral("ocpp") : r.channel);
    q.bindValue(3, r.stationId.isNull() ? QStringLiteral("") : r.stationId);
    q.bindValue(4, r.connectionId);
    q.bindValue(5, r.outgoing ? QStringLiteral("out") : QStringLiteral("in"));
    q.bindValue(6, r.messageType);
    q.bindValue(7, textOrNull(r.messageId));
    q.bindValue(8, textOrNull(r.action));
    q.bindValue(9, payload(r.data));
    q.bindValue(10, textOrNull(r.problem));
}

int bind(sqlite3_stmt *st, const CaptureRecord &r, int row, std::string *ascii)
{
    const int p = row * kColumnCount; // parameter before this row's first
    int rc = SQLITE_OK;
    auto step = [&rc](int result) {
        if (rc == SQLITE_OK)
            rc = result;
    };
    step(sqlite3_bind_int64(st, p + 1, r.timestampUs));
    step(sqlite3_bind_text(st, p + 2, kindLiteral(r.kind), -1, SQLITE_STATIC));
    if (r.channel.isEmpty() || r.channel == QLatin1String("ocpp"))
        step(sqlite3_bind_text(st, p + 3, "ocpp", 4, SQLITE_STATIC));
    else
        step(bindText(st, p + 3, r.channel, ascii));
    if (r.stationId.isNull())
        step(sqlite3_bind_text(st, p + 4, "", 0, SQLITE_STATIC));
    else
        step(bindText(st, p + 4, r.stationId, ascii));
    step(sqlite3_bind_int64(st, p + 5, r.connectionId));
    step(sqlite3_bind_text(st, p + 6, r.outgoing ? "out" : "in", -1, SQLITE_STATIC));
    step(sqlite3_bind_int(st, p + 7, r.messageType));
    step(bindTextOrNull(st, p + 8, r.messageId, ascii));
    step(bindTextOrNull(st, p + 9, r.action, ascii));
    if (r.data.isNull())
        step(sqlite3_bind_null(st, p + 10));
    else if (r.data.isEmpty())
        // As the QSqlQuery path does: Qt binds the empty text as NULL when fromUtf8() gives a null string.
        step(QString::fromUtf8(r.data).isNull() ? sqlite3_bind_null(st, p + 10) : sqlite3_bind_text(st, p + 10, "", 0, SQLITE_STATIC));
    else if (storableAsText(r.data))
        // The UTF-8 bytes as they are: for the text storableAsText() admits, Qt's round trip through
        // UTF-16 gives back exactly these bytes, so the stored value is the same without two conversions.
        step(sqlite3_bind_text(st, p + 10, r.data.constData(), int(r.data.size()), SQLITE_STATIC));
    else
        step(sqlite3_bind_blob(st, p + 10, r.data.constData(), int(r.data.size()), SQLITE_STATIC));
    step(bindTextOrNull(st, p + 11, r.problem, ascii));
    return rc;
}

QString selectColumns()
{
    return QStringLiteral("id, ts_us, kind, channel, station_id, connection_id, direction, msg_type, msg_id, action, "
                          "payload, problem");
}

StoredCaptureRecord read(const QSqlQuery &q)
{
    StoredCaptureRecord s;
    s.id = q.value(0).toLongLong();
    CaptureRecord &r = s.record;
    r.timestampUs = q.value(1).toLongLong();
    r.kind = kindFromName(q.value(2).toString());
    r.channel = q.value(3).toString();
    r.stationId = q.value(4).toString();
    r.connectionId = q.value(5).toLongLong();
    r.outgoing = q.value(6).toString() == QLatin1String("out");
    r.messageType = q.value(7).toInt();
    r.messageId = q.value(8).toString();
    r.action = q.value(9).toString();
    const QVariant data = q.value(10);
    if (!data.isNull())
        r.data = data.typeId() == QMetaType::QByteArray ? data.toByteArray() : data.toString().toUtf8();
    r.problem = q.value(11).toString();
    return s;
}

} // namespace cb::capturerow
