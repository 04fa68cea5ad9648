#include "stationrepository.h"

#include "database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace cb {

namespace {

const QString kColumns = QStringLiteral(
    "id, vendor, model, serial_number, firmware_version, ocpp_version, security_profile, "
    "first_seen_us, last_seen_us, remote_address, iccid, imsi");

// A null QString binds SQL NULL, which the upsert reads as "keep the stored value".
QVariant nullable(const QString &s)
{
    return s.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

StationRecord fromQuery(const QSqlQuery &q)
{
    auto text = [&q](int i) { return q.isNull(i) ? QString() : q.value(i).toString(); };
    StationRecord r;
    r.id = text(0);
    r.vendor = text(1);
    r.model = text(2);
    r.serialNumber = text(3);
    r.firmwareVersion = text(4);
    r.ocppVersion = text(5);
    r.securityProfile = q.isNull(6) ? -1 : q.value(6).toInt();
    r.firstSeenUs = q.value(7).toLongLong();
    r.lastSeenUs = q.value(8).toLongLong();
    r.remoteAddress = text(9);
    r.iccid = text(10);
    r.imsi = text(11);
    return r;
}

} // namespace

Status<> StationRepository::upsert(const StationRecord &u)
{
    if (u.id.isEmpty())
        return Error{tr("A station without an identity cannot be stored."), tr("This is a bug in ChargeBench; please report it.")};
    const qint64 seen = u.lastSeenUs != 0 ? u.lastSeenUs : QDateTime::currentDateTimeUtc().toMSecsSinceEpoch() * 1000;
    const qint64 first = u.firstSeenUs != 0 ? qMin(u.firstSeenUs, seen) : seen;

    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO stations (") + kColumns + QStringLiteral(R"() VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    vendor = coalesce(excluded.vendor, vendor),
    model = coalesce(excluded.model, model),
    serial_number = coalesce(excluded.serial_number, serial_number),
    firmware_version = coalesce(excluded.firmware_version, firmware_version),
    ocpp_version = coalesce(excluded.ocpp_version, ocpp_version),
    security_profile = coalesce(excluded.security_profile, security_profile),
    first_seen_us = min(first_seen_us, excluded.first_seen_us),
    last_seen_us = max(last_seen_us, excluded.last_seen_us),
    remote_address = coalesce(excluded.remote_address, remote_address),
    iccid = coalesce(excluded.iccid, iccid),
    imsi = coalesce(excluded.imsi, imsi))"));
    q.addBindValue(u.id);
    q.addBindValue(nullable(u.vendor));
    q.addBindValue(nullable(u.model));
    q.addBindValue(nullable(u.serialNumber));
    q.addBindValue(nullable(u.firmwareVersion));
    q.addBindValue(nullable(u.ocppVersion));
    q.addBindValue(u.securityProfile >= 0 ? QVariant(u.securityProfile) : QVariant(QMetaType::fromType<int>()));
    q.addBindValue(first);
    q.addBindValue(seen);
    q.addBindValue(nullable(u.remoteAddress));
    q.addBindValue(nullable(u.iccid));
    q.addBindValue(nullable(u.imsi));
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Saving station %1").arg(u.id));
    return success();
}

Result<std::optional<StationRecord>> StationRepository::get(const QString &id) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM stations WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Reading station %1").arg(id));
    if (!q.next())
        return std::optional<StationRecord>();
    return std::optional<StationRecord>(fromQuery(q));
}

Result<QList<StationRecord>> StationRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM stations ORDER BY id")))
        return m_db.describe(q.lastError(), tr("Reading the list of stations"));
    QList<StationRecord> all;
    while (q.next())
        all << fromQuery(q);
    return all;
}

Status<> StationRepository::remove(const QString &id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM stations WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return m_db.describe(q.lastError(), tr("Removing station %1").arg(id));
    return success();
}

} // namespace cb
