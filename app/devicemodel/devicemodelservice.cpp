#include "devicemodelservice.h"

#include "devicemodel/configurationkeymapping.h"
#include "devicemodel/reportassembler.h"
#include "devicemodel/writebatcher.h"
#include "devicemodellogging.h"
#include "snapshotworker.h"
#include "storage/database.h"
#include "storage/snapshotrepository.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTimer>

#include <deque>
#include <functional>

namespace cb {

using namespace dm;

namespace {

// Values are compared as the station would read them: numbers numerically ("5" == "5.0"),
// booleans case-insensitively, lists and text exactly.
bool sameValue(const QString &written, const QString &read, const QString &dataType)
{
    if (written == read)
        return true;
    if (dataType == QLatin1String("integer") || dataType == QLatin1String("decimal")) {
        bool a = false, b = false;
        const double x = written.toDouble(&a);
        const double y = read.toDouble(&b);
        return a && b && x == y;
    }
    if (dataType == QLatin1String("boolean"))
        return written.compare(read, Qt::CaseInsensitive) == 0;
    return false;
}

QString statusInfoText(const QJsonObject &statusInfo)
{
    const QString code = statusInfo.value(QLatin1String("reasonCode")).toString();
    const QString more = statusInfo.value(QLatin1String("additionalInfo")).toString();
    return more.isEmpty() ? code : code + QLatin1String(": ") + more;
}

QString itemKey(const QJsonObject &component, const QJsonObject &variable, const QString &attributeType)
{
    return ComponentRef::fromJson(component).key() + QLatin1Char('/') + VariableRef::fromJson(variable).key() + QLatin1Char('/')
        + (attributeType.isEmpty() ? QStringLiteral("actual") : attributeType.toCaseFolded());
}

QString pagesText(const QList<int> &pages)
{
    QStringList s;
    for (int p : pages)
        s << QString::number(p);
    return s.join(QLatin1String(", "));
}

} // namespace

struct DeviceModelService::Private
{
    using Done = std::function<void()>;
    using Results = QList<WriteResult>;

    struct Read
    {
        int op = 0;
        ReportRequest request;
        ReportAssembler assembler;
        bool accepted = false; // the station accepted the request (2.x)
    };

    DeviceModelService *q;
    // Lives on the service's thread; answers from the server thread are posted to it. Shared with
    // every pending callback so it outlives the service until the last answer arrived.
    std::shared_ptr<QObject> relay{new QObject, [](QObject *o) { o->deleteLater(); }};
    int lastOp = 0;
    int nextRequestId = 0;
    std::optional<Read> read;
    QTimer pageTimer;
    std::deque<std::function<void(Done)>> jobs;
    bool jobRunning = false;
    Results awaitingReboot;
    QPointer<QObject> rebootWatch; // connected to stationChanged while waiting for a reboot
    Database db;                          // this thread's connection (lists, small reads)
    std::unique_ptr<SnapshotWorker> worker; // stores and loads of whole models

    explicit Private(DeviceModelService *service) : q(service)
    {
        // Request ids unique across restarts of ChargeBench, so pages of an old request that a
        // station still sends cannot be taken for a new one.
        nextRequestId = int(QRandomGenerator::global()->bounded(1, 1 << 30));
        pageTimer.setSingleShot(true);
    }

    int newOp() { return ++lastOp; }

    std::optional<OcppVersion> version() const
    {
        const auto s = q->m_workspace.liveStation(q->m_identity);
        return s ? s->version : std::nullopt;
    }

    void call(const QString &action, const QJsonObject &payload, std::function<void(const CallOutcome &)> done)
    {
        std::shared_ptr<QObject> r = relay;
        QPointer<DeviceModelService> self(q);
        q->m_workspace.callStation(q->m_identity, action, payload, q->m_callTimeout, [r, self, done](const CallOutcome &o) {
            QMetaObject::invokeMethod(r.get(), [self, done, o] {
                if (self)
                    done(o);
            }, Qt::QueuedConnection);
        });
    }

    void later(std::function<void()> f)
    {
        QMetaObject::invokeMethod(relay.get(), std::move(f), Qt::QueuedConnection);
    }

    // --- jobs: writes, verifies, resets and profiles run one after another -----------------------
    void enqueue(std::function<void(Done)> job)
    {
        jobs.push_back(std::move(job));
        if (!jobRunning)
            later([this] { runNext(); });
    }

    void runNext()
    {
        if (jobRunning || jobs.empty())
            return;
        jobRunning = true;
        auto job = std::move(jobs.front());
        jobs.pop_front();
        job([this] {
            jobRunning = false;
            later([this] { runNext(); });
        });
    }

    // --- reading ---------------------------------------------------------------------------------
    void startRead(int op, const ReportRequest &request)
    {
        const QString source = request.sourceName();
        if (read) {
            failReadLater(op, tr("A report is still being read from %1.").arg(q->m_identity) + QLatin1Char(' ')
                                  + tr("Wait for it to finish, then ask again."));
            return;
        }
        const auto v = version();
        if (!q->isConnected() || !v) {
            failReadLater(op, tr("%1 is not connected.").arg(q->m_identity) + QLatin1Char(' ')
                                  + tr("Reports can be read once the station is online."));
            return;
        }
        const bool is16 = *v == OcppVersion::V16;
        if (is16 != (request.kind == ReportRequest::Kind::Configuration)) {
            failReadLater(op, is16 ? tr("%1 speaks OCPP 1.6, which has no device model reports.").arg(q->m_identity)
                                         + QLatin1Char(' ') + tr("Read its configuration keys (GetConfiguration) instead.")
                                   : tr("%1 speaks OCPP 2.x, which has no configuration keys.").arg(q->m_identity)
                                         + QLatin1Char(' ') + tr("Read a base report or GetReport instead."));
            return;
        }
        Q_EMIT q->reportStarted(op, source);
        if (is16) {
            readConfiguration(op, request);
            return;
        }
        const int requestId = nextRequestId++;
        read = Read{op, request, ReportAssembler(requestId), false};
        armPageTimer();
        call(request.action(), request.payload(requestId), [this, op](const CallOutcome &o) {
            if (!read || read->op != op)
                return;
            if (!o.ok()) {
                failRead(tr("%1 did not take the report request: %2").arg(q->m_identity, o.describe()));
                return;
            }
            const QString status = o.payload.value(QLatin1String("status")).toString();
            if (status == QLatin1String("EmptyResultSet")) {
                // Nothing matches: an empty, complete report.
                finishRead();
                return;
            }
            if (status != QLatin1String("Accepted")) {
                const QString info = statusInfoText(o.payload.value(QLatin1String("statusInfo")).toObject());
                failRead(tr("%1 answered %2 to %3%4.")
                             .arg(q->m_identity, status, read->request.action(), info.isEmpty() ? QString() : QLatin1String(" (") + info + QLatin1Char(')')));
                return;
            }
            read->accepted = true;
            if (read->assembler.isComplete())
                finishRead();
        });
    }

    void armPageTimer()
    {
        // After the last page, wait only briefly for stragglers of an out-of-order delivery.
        auto t = q->m_pageTimeout;
        if (read && read->assembler.lastPageSeen())
            t = std::min(t, std::chrono::milliseconds(2000));
        pageTimer.start(t);
    }

    void onPage(const QJsonObject &page)
    {
        if (!read)
            return;
        const ReportAssembler::PageOutcome outcome = read->assembler.addPage(page);
        if (outcome == ReportAssembler::PageOutcome::WrongRequest)
            return; // another tool's request, or one we gave up on
        if (outcome != ReportAssembler::PageOutcome::Added) {
            qCInfo(lcDeviceModel) << q->m_identity << "ignored NotifyReport page" << page.value(QLatin1String("seqNo")).toInt()
                                  << (outcome == ReportAssembler::PageOutcome::Duplicate ? "(duplicate)" : "(after the last page)");
            return;
        }
        Q_EMIT q->reportProgress(read->op, read->assembler.pagesReceived(), read->assembler.entriesReceived());
        if (read->assembler.isComplete() && read->accepted) {
            finishRead();
            return;
        }
        armPageTimer();
    }

    void onPageTimeout()
    {
        if (!read)
            return;
        const ReportAssembler &a = read->assembler;
        if (a.isComplete()) {
            finishRead(); // complete, but the CALLRESULT never came: the data is still good
            return;
        }
        QString why;
        if (a.lastPageSeen())
            why = tr("Pages %1 of report %2 from %3 never arrived.").arg(pagesText(a.missingPages())).arg(a.requestId()).arg(q->m_identity);
        else if (a.pagesReceived() == 0)
            why = tr("%1 sent no report within %2 s.").arg(q->m_identity).arg(q->m_pageTimeout.count() / 1000.0);
        else
            why = tr("The report from %1 stopped after %2 pages (no last page within %3 s)%4.")
                      .arg(q->m_identity)
                      .arg(a.pagesReceived())
                      .arg(q->m_pageTimeout.count() / 1000.0)
                      .arg(a.missingPages().isEmpty() ? QString() : tr("; pages %1 are missing").arg(pagesText(a.missingPages())));
        failRead(why + QLatin1Char(' ') + tr("Read the report again; the partial data was kept as an incomplete snapshot."));
    }

    void finishRead()
    {
        pageTimer.stop();
        Read r = std::move(*read);
        read.reset();
        const DeviceModel received = r.assembler.model();
        SnapshotInfo info = makeInfo(r.request.sourceName(), received.size());
        const bool full = r.request.kind == ReportRequest::Kind::BaseReport && r.request.reportBase == QLatin1String("FullInventory");
        if (received.isEmpty() && !full) {
            Q_EMIT q->reportCompleted(r.op, info);
            return;
        }
        const int op = r.op;
        storeAsync(received, info, [this, op, received, info, full](qint64 id) mutable {
            info.id = id;
            adopt(received, info, full);
            Q_EMIT q->reportCompleted(op, info);
        });
    }

    void failRead(const QString &message)
    {
        pageTimer.stop();
        Read r = std::move(*read);
        read.reset();
        const DeviceModel partial = r.assembler.model();
        SnapshotInfo info = makeInfo(r.request.sourceName(), partial.size());
        info.complete = false;
        info.problem = message;
        qCWarning(lcDeviceModel) << message;
        if (partial.isEmpty()) {
            Q_EMIT q->reportFailed(r.op, message, info);
            return;
        }
        const int op = r.op;
        // Kept as an incomplete snapshot, not adopted: model() only holds complete reports.
        storeAsync(partial, info, [this, op, message, info](qint64 id) mutable {
            info.id = id;
            Q_EMIT q->reportFailed(op, message, info);
        });
    }

    void failReadLater(int op, const QString &message)
    {
        SnapshotInfo info = makeInfo(QString(), 0);
        info.complete = false;
        info.problem = message;
        later([this, op, message, info] { Q_EMIT q->reportFailed(op, message, info); });
    }

    void readConfiguration(int op, const ReportRequest &request)
    {
        // GetConfigurationMaxKeys bounds the keys of one request; all keys is one request.
        QList<QStringList> batches;
        if (request.keys.isEmpty()) {
            batches.append(QStringList());
        } else {
            const int max = configurationMaxKeys();
            for (qsizetype i = 0; i < request.keys.size(); i += max)
                batches.append(request.keys.mid(i, max));
        }
        read = Read{op, request, ReportAssembler(0), true};
        auto mapped = std::make_shared<ConfigurationKeyMapping::Mapped>();
        auto step = std::make_shared<std::function<void(qsizetype)>>();
        *step = [this, op, batches, mapped, step, request](qsizetype i) {
            if (i == batches.size()) {
                read.reset();
                later([step] { *step = nullptr; }); // breaks the cycle once this call has returned
                SnapshotInfo info = makeInfo(request.sourceName(), mapped->model.size());
                info.unknownKeys = mapped->unknownKeys;
                const bool all = request.keys.isEmpty();
                storeAsync(mapped->model, info, [this, op, mapped, info, all](qint64 id) mutable {
                    info.id = id;
                    adopt(mapped->model, info, all);
                    if (!mapped->unknownKeys.isEmpty())
                        Q_EMIT q->unknownKeys(op, mapped->unknownKeys);
                    Q_EMIT q->reportCompleted(op, info);
                });
                return;
            }
            ReportRequest part = request;
            part.keys = batches.at(i);
            call(QStringLiteral("GetConfiguration"), part.payload(0), [this, op, i, mapped, step](const CallOutcome &o) {
                if (!read || read->op != op)
                    return;
                if (!o.ok()) {
                    *step = nullptr;
                    failRead(tr("%1 did not answer GetConfiguration: %2").arg(q->m_identity, o.describe()));
                    return;
                }
                const ConfigurationKeyMapping::Mapped m = ConfigurationKeyMapping::fromGetConfiguration(o.payload);
                for (const DeviceModelEntry &e : m.model.entries())
                    mapped->model.upsert(e);
                mapped->unknownKeys += m.unknownKeys;
                Q_EMIT q->reportProgress(op, int(i + 1), mapped->model.size());
                (*step)(i + 1);
            });
        };
        (*step)(0);
    }

    int configurationMaxKeys() const
    {
        const DeviceModelEntry *e = q->m_model.find(ComponentRef{QStringLiteral("Core"), {}, {}, {}}, VariableRef{QStringLiteral("GetConfigurationMaxKeys"), {}});
        const VariableAttribute *a = e ? e->attribute(QStringLiteral("Actual")) : nullptr;
        const int n = a && a->value ? a->value->toInt() : 0;
        return n > 0 ? n : 20;
    }

    SnapshotInfo makeInfo(const QString &source, qsizetype entries) const
    {
        SnapshotInfo info;
        info.stationId = q->m_identity;
        info.takenAt = QDateTime::currentDateTimeUtc();
        info.source = source;
        if (const auto v = version())
            info.ocppVersion = versionName(*v);
        info.entryCount = entries;
        return info;
    }

    void adopt(const DeviceModel &received, const SnapshotInfo &info, bool replace)
    {
        if (replace) {
            q->m_model = received;
            q->m_modelInfo = info;
        } else {
            for (const DeviceModelEntry &e : received.entries())
                q->m_model.upsert(e);
            q->m_modelInfo.entryCount = q->m_model.size();
        }
        Q_EMIT q->modelChanged();
    }

    Database *database()
    {
        if (!db.isOpen()) {
            if (auto ok = db.open(q->m_workspace.databasePath()); !ok) {
                Q_EMIT q->problem(ok.error().text());
                return nullptr;
            }
        }
        return &db;
    }

    SnapshotWorker &snapshotWorker()
    {
        if (!worker)
            worker = std::make_unique<SnapshotWorker>(q->m_workspace.databasePath());
        return *worker;
    }

    // Stores on the worker thread; `then` gets the new id (0 when it failed, after problem()) on
    // this thread.
    void storeAsync(const DeviceModel &model, const SnapshotInfo &info, std::function<void(qint64)> then)
    {
        std::shared_ptr<QObject> r = relay;
        QPointer<DeviceModelService> self(q);
        snapshotWorker().post([r, self, model, info, then](Database *db, const QString &openError) {
            Result<qint64> id = db ? SnapshotRepository(*db).insert(Snapshot{info, model}) : Result<qint64>(Error{openError, {}});
            QMetaObject::invokeMethod(r.get(), [self, then, id] {
                if (!self)
                    return;
                if (!id) {
                    Q_EMIT self->problem(id.error().text());
                    then(0);
                    return;
                }
                Q_EMIT self->snapshotsChanged();
                then(id.value());
            }, Qt::QueuedConnection);
        });
    }

    void loadAsync(qint64 id, std::function<void(Result<Snapshot>)> then)
    {
        std::shared_ptr<QObject> r = relay;
        QPointer<DeviceModelService> self(q);
        snapshotWorker().post([r, self, id, then](Database *db, const QString &openError) {
            Result<Snapshot> s = db ? SnapshotRepository(*db).get(id) : Result<Snapshot>(Error{openError, {}});
            QMetaObject::invokeMethod(r.get(), [self, then, s] {
                if (self)
                    then(s);
            }, Qt::QueuedConnection);
        });
    }

    // --- writing ---------------------------------------------------------------------------------
    QString dataTypeOf(const WriteItem &item) const
    {
        const DeviceModelEntry *e = q->m_model.find(item.component, item.variable);
        if (e && e->characteristics)
            return e->characteristics->dataType;
        return ConfigurationKeyMapping::dataTypeFor(item.variable.name);
    }

    // Reads DeviceDataCtrlr.ItemsPerMessage/BytesPerMessage [SetVariables]/[GetVariables] when the
    // model does not hold them yet (no report read so far).
    void ensureLimits(std::function<void()> then)
    {
        const ComponentRef ctrl{QStringLiteral("DeviceDataCtrlr"), {}, {}, {}};
        const QStringList names{QStringLiteral("ItemsPerMessage"), QStringLiteral("BytesPerMessage")};
        const QStringList instances{QStringLiteral("SetVariables"), QStringLiteral("GetVariables")};
        QJsonArray wanted;
        for (const QString &n : names)
            for (const QString &i : instances)
                if (!q->m_model.find(ctrl, VariableRef{n, i}))
                    wanted.append(QJsonObject{{QStringLiteral("component"), ctrl.toJson()}, {QStringLiteral("variable"), VariableRef{n, i}.toJson()}});
        if (wanted.isEmpty()) {
            then();
            return;
        }
        call(QStringLiteral("GetVariables"), QJsonObject{{QStringLiteral("getVariableData"), wanted}}, [this, then](const CallOutcome &o) {
            if (o.ok()) {
                for (const QJsonValue &v : o.payload.value(QLatin1String("getVariableResult")).toArray()) {
                    const QJsonObject r = v.toObject();
                    if (r.value(QLatin1String("attributeStatus")).toString() != QLatin1String("Accepted"))
                        continue;
                    DeviceModelEntry e;
                    e.component = ComponentRef::fromJson(r.value(QLatin1String("component")).toObject());
                    e.variable = VariableRef::fromJson(r.value(QLatin1String("variable")).toObject());
                    VariableAttribute a;
                    a.mutability = QStringLiteral("ReadOnly");
                    a.value = r.value(QLatin1String("attributeValue")).toString();
                    e.attributes.append(a);
                    q->m_model.upsert(e);
                }
            }
            then();
        });
    }

    void doWrite(int op, const QList<WriteItem> &items, bool verify, std::function<void(Results)> done)
    {
        const auto v = version();
        if (!q->isConnected() || !v) {
            Results results;
            for (const WriteItem &i : items)
                results.append(WriteResult{i, WriteStatus::Failed, tr("%1 is not connected.").arg(q->m_identity), VerifyState::NotChecked, {}});
            done(results);
            return;
        }
        auto results = std::make_shared<Results>();
        for (const WriteItem &i : items)
            results->append(WriteResult{i, WriteStatus::Pending, {}, VerifyState::NotChecked, {}});
        auto afterWrites = [this, op, results, verify, done] {
            QList<qsizetype> accepted;
            for (qsizetype i = 0; i < results->size(); ++i) {
                WriteResult &r = (*results)[i];
                if (r.status == WriteStatus::RebootRequired) {
                    r.verify = VerifyState::AwaitingReboot;
                    Q_EMIT q->itemResult(op, r);
                } else if (r.status == WriteStatus::Accepted && verify) {
                    accepted.append(i);
                }
            }
            if (accepted.isEmpty()) {
                done(*results);
                return;
            }
            doVerify(op, results, accepted, [done, results] { done(*results); });
        };
        if (*v == OcppVersion::V16) {
            changeConfigurationFrom(op, results, 0, afterWrites);
            return;
        }
        ensureLimits([this, op, results, afterWrites] {
            const WriteBatcher::Limits limits = WriteBatcher::limitsFrom(q->m_model, QStringLiteral("SetVariables"));
            QList<WriteItem> all;
            for (const WriteResult &r : *results)
                all.append(r.item);
            const QList<QJsonObject> batches = WriteBatcher::setVariables(all, limits);
            setVariablesFrom(op, results, batches, 0, afterWrites);
        });
    }

    void setVariablesFrom(int op, std::shared_ptr<Results> results, QList<QJsonObject> batches, qsizetype index,
                          std::function<void()> then)
    {
        if (index == batches.size()) {
            then();
            return;
        }
        const QJsonObject payload = batches.at(index);
        call(QStringLiteral("SetVariables"), payload, [=, this](const CallOutcome &o) {
            QHash<QString, QJsonObject> byKey;
            if (o.ok())
                for (const QJsonValue &v : o.payload.value(QLatin1String("setVariableResult")).toArray()) {
                    const QJsonObject r = v.toObject();
                    byKey.insert(itemKey(r.value(QLatin1String("component")).toObject(), r.value(QLatin1String("variable")).toObject(),
                                         r.value(QLatin1String("attributeType")).toString()),
                                 r);
                }
            for (const QJsonValue &sent : payload.value(QLatin1String("setVariableData")).toArray()) {
                const QJsonObject s = sent.toObject();
                const QString key = itemKey(s.value(QLatin1String("component")).toObject(), s.value(QLatin1String("variable")).toObject(),
                                            s.value(QLatin1String("attributeType")).toString());
                for (WriteResult &r : *results) {
                    if (r.status != WriteStatus::Pending || r.item.key() != key)
                        continue;
                    if (!o.ok()) {
                        r.status = WriteStatus::Failed;
                        r.statusInfo = o.describe();
                    } else if (const auto it = byKey.constFind(key); it != byKey.cend()) {
                        r.status = writeStatusFromName(it->value(QLatin1String("attributeStatus")).toString());
                        r.statusInfo = statusInfoText(it->value(QLatin1String("attributeStatusInfo")).toObject());
                    } else {
                        r.status = WriteStatus::Failed;
                        r.statusInfo = tr("The station's answer has no result for this variable.");
                    }
                    Q_EMIT q->itemResult(op, r);
                    break;
                }
            }
            Q_EMIT q->writeProgress(op, int(std::count_if(results->cbegin(), results->cend(),
                                                          [](const WriteResult &r) { return r.status != WriteStatus::Pending; })),
                                    int(results->size()));
            setVariablesFrom(op, results, batches, index + 1, then);
        });
    }

    void changeConfigurationFrom(int op, std::shared_ptr<Results> results, qsizetype index, std::function<void()> then)
    {
        if (index == results->size()) {
            then();
            return;
        }
        const WriteItem item = results->at(index).item;
        call(QStringLiteral("ChangeConfiguration"),
             QJsonObject{{QStringLiteral("key"), item.variable.name}, {QStringLiteral("value"), item.value}},
             [=, this](const CallOutcome &o) {
                 WriteResult &r = (*results)[index];
                 if (!o.ok()) {
                     r.status = WriteStatus::Failed;
                     r.statusInfo = o.describe();
                 } else {
                     r.status = writeStatusFromName(o.payload.value(QLatin1String("status")).toString());
                 }
                 Q_EMIT q->itemResult(op, r);
                 Q_EMIT q->writeProgress(op, int(index + 1), int(results->size()));
                 changeConfigurationFrom(op, results, index + 1, then);
             });
    }

    // Re-reads results[indexes] and sets their verify state (and model() when confirmed).
    void doVerify(int op, std::shared_ptr<Results> results, const QList<qsizetype> &indexes, std::function<void()> then)
    {
        const auto v = version();
        if (!q->isConnected() || !v) {
            for (qsizetype i : indexes) {
                (*results)[i].verify = VerifyState::Unreadable;
                (*results)[i].statusInfo = tr("%1 is not connected.").arg(q->m_identity);
                Q_EMIT q->itemResult(op, results->at(i));
            }
            then();
            return;
        }
        const auto settle = [this, op, results](qsizetype i, std::optional<QString> value, const QString &why) {
            WriteResult &r = (*results)[i];
            r.readBack = value;
            if (!value) {
                r.verify = VerifyState::Unreadable;
                if (!why.isEmpty())
                    r.statusInfo = why;
            } else if (sameValue(r.item.value, *value, dataTypeOf(r.item))) {
                r.verify = VerifyState::Confirmed;
                if (q->m_model.setValue(r.item.component, r.item.variable, r.item.attributeType, *value))
                    Q_EMIT q->modelChanged();
            } else {
                r.verify = VerifyState::Mismatch;
            }
            Q_EMIT q->itemResult(op, r);
        };
        if (*v == OcppVersion::V16) {
            QStringList keys;
            for (qsizetype i : indexes)
                keys.append(results->at(i).item.variable.name);
            keys.removeDuplicates();
            const int max = configurationMaxKeys();
            auto found = std::make_shared<QHash<QString, std::optional<QString>>>();
            auto step = std::make_shared<std::function<void(qsizetype)>>();
            *step = [=, this](qsizetype from) {
                if (from >= keys.size()) {
                    later([step] { *step = nullptr; }); // breaks the cycle once this call has returned
                    for (qsizetype i : indexes) {
                        const QString k = results->at(i).item.variable.name.toCaseFolded();
                        settle(i, found->value(k), found->contains(k) ? QString() : tr("The station did not report this key."));
                    }
                    then();
                    return;
                }
                call(QStringLiteral("GetConfiguration"), QJsonObject{{QStringLiteral("key"), QJsonArray::fromStringList(keys.mid(from, max))}},
                     [=](const CallOutcome &o) {
                         if (o.ok())
                             for (const QJsonValue &kv : o.payload.value(QLatin1String("configurationKey")).toArray()) {
                                 const QJsonObject k = kv.toObject();
                                 found->insert(k.value(QLatin1String("key")).toString().toCaseFolded(),
                                               k.contains(QLatin1String("value")) ? std::optional(k.value(QLatin1String("value")).toString())
                                                                                  : std::nullopt);
                             }
                         (*step)(from + max);
                     });
            };
            (*step)(0);
            return;
        }
        QList<WriteItem> items;
        for (qsizetype i : indexes)
            items.append(results->at(i).item);
        const QList<QJsonObject> batches = WriteBatcher::getVariables(items, WriteBatcher::limitsFrom(q->m_model, QStringLiteral("GetVariables")));
        auto step = std::make_shared<std::function<void(qsizetype)>>();
        *step = [=, this](qsizetype b) {
            if (b == batches.size()) {
                later([step] { *step = nullptr; }); // breaks the cycle once this call has returned
                then();
                return;
            }
            call(QStringLiteral("GetVariables"), batches.at(b), [=](const CallOutcome &o) {
                QHash<QString, QJsonObject> byKey;
                if (o.ok())
                    for (const QJsonValue &v : o.payload.value(QLatin1String("getVariableResult")).toArray()) {
                        const QJsonObject r = v.toObject();
                        byKey.insert(itemKey(r.value(QLatin1String("component")).toObject(), r.value(QLatin1String("variable")).toObject(),
                                             r.value(QLatin1String("attributeType")).toString()),
                                     r);
                    }
                for (const QJsonValue &asked : batches.at(b).value(QLatin1String("getVariableData")).toArray()) {
                    const QJsonObject a = asked.toObject();
                    const QString key = itemKey(a.value(QLatin1String("component")).toObject(), a.value(QLatin1String("variable")).toObject(),
                                                a.value(QLatin1String("attributeType")).toString());
                    for (qsizetype i : indexes) {
                        if (results->at(i).item.key() != key || results->at(i).verify != VerifyState::NotChecked)
                            continue;
                        if (!o.ok()) {
                            settle(i, std::nullopt, o.describe());
                        } else if (const auto it = byKey.constFind(key); it == byKey.cend()) {
                            settle(i, std::nullopt, tr("The station's answer has no result for this variable."));
                        } else if (it->value(QLatin1String("attributeStatus")).toString() != QLatin1String("Accepted")
                                   || !it->contains(QLatin1String("attributeValue"))) {
                            settle(i, std::nullopt, tr("Re-read answered %1.").arg(it->value(QLatin1String("attributeStatus")).toString()));
                        } else {
                            settle(i, it->value(QLatin1String("attributeValue")).toString(), QString());
                        }
                    }
                }
                (*step)(b + 1);
            });
        };
        (*step)(0);
    }

    // --- reset -----------------------------------------------------------------------------------
    // Sends Reset and calls `done` once the station has booted again (ok) or it failed (message).
    void doReset(const QString &type, std::function<void(bool ok, QString message)> done)
    {
        const auto v = version();
        if (!q->isConnected() || !v) {
            done(false, tr("%1 is not connected.").arg(q->m_identity));
            return;
        }
        const QString t = !type.isEmpty() ? type : (*v == OcppVersion::V16 ? QStringLiteral("Soft") : QStringLiteral("OnIdle"));
        const QDateTime sent = QDateTime::currentDateTimeUtc();
        call(QStringLiteral("Reset"), QJsonObject{{QStringLiteral("type"), t}}, [this, done, sent](const CallOutcome &o) {
            const QString status = o.payload.value(QLatin1String("status")).toString();
            if (!o.ok() || (status != QLatin1String("Accepted") && status != QLatin1String("Scheduled"))) {
                done(false, o.ok() ? tr("%1 answered %2 to Reset.").arg(q->m_identity, status)
                                   : tr("%1 did not take the Reset: %2").arg(q->m_identity, o.describe()));
                return;
            }
            waitForBoot(sent, done);
        });
    }

    void waitForBoot(const QDateTime &after, std::function<void(bool, QString)> done)
    {
        auto *watch = new QObject(relay.get());
        auto finished = std::make_shared<bool>(false);
        auto finish = [watch, finished, done](bool ok, const QString &message) {
            if (*finished)
                return;
            *finished = true;
            watch->deleteLater();
            done(ok, message);
        };
        QObject::connect(&q->m_workspace, &Workspace::stationChanged, watch, [this, after, finish](const StationSnapshot &s) {
            if (s.identity == q->m_identity && s.connected && s.boot.receivedAt.isValid() && s.boot.receivedAt >= after
                && s.registrationStatus == QLatin1String("Accepted"))
                finish(true, QString());
        });
        auto *timer = new QTimer(watch);
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, watch, [this, finish] {
            finish(false, tr("%1 did not boot again within %2 s of the Reset.").arg(q->m_identity).arg(q->m_rebootTimeout.count() / 1000));
        });
        timer->start(q->m_rebootTimeout);
    }
};

DeviceModelService::DeviceModelService(Workspace &workspace, const QString &identity, QObject *parent)
    : QObject(parent), m_workspace(workspace), m_identity(identity), d(std::make_unique<Private>(this))
{
    m_modelInfo.stationId = identity;
    connect(&m_workspace, &Workspace::deviceModelReport, this, [this](const QString &id, const QJsonObject &page) {
        if (id == m_identity)
            d->onPage(page);
    });
    connect(&d->pageTimer, &QTimer::timeout, this, [this] { d->onPageTimeout(); });
}

DeviceModelService::~DeviceModelService() = default;

std::optional<OcppVersion> DeviceModelService::version() const { return d->version(); }

bool DeviceModelService::isConnected() const
{
    const auto s = m_workspace.liveStation(m_identity);
    return s && s->connected;
}

bool DeviceModelService::isReading() const { return d->read.has_value(); }

bool DeviceModelService::isWriting() const { return d->jobRunning || !d->jobs.empty(); }

int DeviceModelService::fetch(const ReportRequest &request)
{
    const int op = d->newOp();
    d->startRead(op, request);
    return op;
}

int DeviceModelService::fetchFull()
{
    const auto v = version();
    return fetch(v && *v == OcppVersion::V16 ? ReportRequest::configuration16() : ReportRequest::fullInventory());
}

int DeviceModelService::write(const QList<WriteItem> &items, bool verify)
{
    const int op = d->newOp();
    d->enqueue([this, op, items, verify](Private::Done next) {
        d->doWrite(op, items, verify, [this, op, next](Private::Results results) {
            QList<WriteItem> reboot;
            for (const WriteResult &r : results)
                if (r.verify == VerifyState::AwaitingReboot) {
                    reboot.append(r.item);
                    d->awaitingReboot.append(r);
                }
            if (!reboot.isEmpty())
                Q_EMIT rebootRequired(op, reboot);
            Q_EMIT writeFinished(op, results);
            next();
        });
    });
    return op;
}

int DeviceModelService::verify(const QList<WriteItem> &items)
{
    const int op = d->newOp();
    d->enqueue([this, op, items](Private::Done next) {
        auto results = std::make_shared<Private::Results>();
        QList<qsizetype> all;
        for (const WriteItem &i : items) {
            all.append(results->size());
            results->append(WriteResult{i, WriteStatus::Accepted, {}, VerifyState::NotChecked, {}});
        }
        d->doVerify(op, results, all, [this, op, results, next] {
            Q_EMIT writeFinished(op, *results);
            next();
        });
    });
    return op;
}

int DeviceModelService::reset(const QString &type)
{
    const int op = d->newOp();
    d->enqueue([this, op, type](Private::Done next) {
        d->doReset(type, [this, op, next](bool ok, const QString &message) {
            if (!ok) {
                Q_EMIT resetFailed(op, message);
                next();
                return;
            }
            auto results = std::make_shared<Private::Results>(std::exchange(d->awaitingReboot, {}));
            QList<qsizetype> all;
            for (qsizetype i = 0; i < results->size(); ++i) {
                (*results)[i].verify = VerifyState::NotChecked;
                all.append(i);
            }
            d->doVerify(op, results, all, [this, op, results, next] {
                Q_EMIT writeFinished(op, *results);
                next();
            });
        });
    });
    return op;
}

int DeviceModelService::applyProfile(const CommissioningProfile &profile)
{
    const int op = d->newOp();
    d->enqueue([this, op, profile](Private::Done next) {
        auto report = std::make_shared<ProfileReport>();
        report->profileName = profile.name;
        report->stationId = m_identity;
        const auto finish = [this, op, report, next] {
            Q_EMIT profileFinished(op, *report);
            next();
        };
        const auto station = m_workspace.liveStation(m_identity);
        if (!station || !station->connected) {
            report->problem = tr("%1 is not connected.").arg(m_identity) + QLatin1Char(' ') + tr("Apply the profile once it is online.");
            finish();
            return;
        }
        if (!profile.appliesToStation(station->boot.vendor, station->boot.model, station->boot.firmwareVersion)) {
            report->applicable = false;
            report->problem = tr("The profile is for other stations; %1 is %2 %3 with firmware %4.")
                                  .arg(m_identity, station->boot.vendor, station->boot.model, station->boot.firmwareVersion);
            finish();
            return;
        }
        d->doWrite(op, profile.values, true, [this, op, report, profile, finish](Private::Results results) {
            report->results = results;
            QList<qsizetype> waiting;
            for (qsizetype i = 0; i < results.size(); ++i)
                if (results.at(i).verify == VerifyState::AwaitingReboot)
                    waiting.append(i);
            if (waiting.isEmpty() || !profile.resetOnRebootRequired) {
                if (!waiting.isEmpty())
                    report->problem = tr("%1 values take effect only after a reboot, and the profile does not allow a Reset.").arg(waiting.size());
                finish();
                return;
            }
            QList<WriteItem> items;
            for (qsizetype i : waiting)
                items.append(results.at(i).item);
            Q_EMIT rebootRequired(op, items);
            d->doReset(QString(), [this, op, report, waiting, finish](bool ok, const QString &message) {
                report->rebooted = ok;
                if (!ok) {
                    report->problem = message;
                    finish();
                    return;
                }
                auto results = std::make_shared<Private::Results>(report->results);
                for (qsizetype i : waiting)
                    (*results)[i].verify = VerifyState::NotChecked;
                d->doVerify(op, results, waiting, [report, results, finish] {
                    report->results = *results;
                    finish();
                });
            });
        });
    });
    return op;
}

Result<QList<SnapshotInfo>> DeviceModelService::snapshots() const
{
    Database *db = d->database();
    if (!db)
        return Error{tr("The database cannot be opened."), tr("See the problem reported before.")};
    return SnapshotRepository(*db).list(m_identity);
}

Result<Snapshot> DeviceModelService::loadSnapshot(qint64 id) const
{
    Database *db = d->database();
    if (!db)
        return Error{tr("The database cannot be opened."), tr("See the problem reported before.")};
    return SnapshotRepository(*db).get(id);
}

Result<qint64> DeviceModelService::saveSnapshot(const QString &label)
{
    SnapshotInfo info = d->makeInfo(QStringLiteral("Manual"), m_model.size());
    info.label = label;
    Database *db = d->database();
    if (!db)
        return Error{tr("The database cannot be opened."), tr("See the problem reported before.")};
    const Result<qint64> id = SnapshotRepository(*db).insert(Snapshot{info, m_model});
    if (id)
        Q_EMIT snapshotsChanged();
    return id;
}

Status<> DeviceModelService::removeSnapshot(qint64 id)
{
    Database *db = d->database();
    if (!db)
        return Error{tr("The database cannot be opened."), tr("See the problem reported before.")};
    auto ok = SnapshotRepository(*db).remove(id);
    if (ok)
        Q_EMIT snapshotsChanged();
    return ok;
}

Result<ModelDiff> DeviceModelService::diffSnapshots(qint64 beforeId, qint64 afterId) const
{
    const Result<Snapshot> a = loadSnapshot(beforeId);
    if (!a)
        return a.error();
    const Result<Snapshot> b = loadSnapshot(afterId);
    if (!b)
        return b.error();
    return ModelDiff::compute(a.value().model, b.value().model);
}

int DeviceModelService::loadSnapshotAsync(qint64 id)
{
    const int op = d->newOp();
    d->loadAsync(id, [this, op](Result<Snapshot> s) {
        Q_EMIT snapshotLoaded(op, s ? s.value() : Snapshot{}, s ? QString() : s.error().text());
    });
    return op;
}

int DeviceModelService::diffAsync(qint64 beforeId, qint64 afterId)
{
    const int op = d->newOp();
    d->loadAsync(beforeId, [this, op, afterId](Result<Snapshot> before) {
        if (!before) {
            Q_EMIT diffReady(op, ModelDiff{}, before.error().text());
            return;
        }
        if (afterId == 0) {
            Q_EMIT diffReady(op, ModelDiff::compute(before.value().model, m_model), QString());
            return;
        }
        d->loadAsync(afterId, [this, op, before](Result<Snapshot> after) {
            if (!after)
                Q_EMIT diffReady(op, ModelDiff{}, after.error().text());
            else
                Q_EMIT diffReady(op, ModelDiff::compute(before.value().model, after.value().model), QString());
        });
    });
    return op;
}

Result<ModelDiff> DeviceModelService::diffWithLive(qint64 snapshotId) const
{
    const Result<Snapshot> a = loadSnapshot(snapshotId);
    if (!a)
        return a.error();
    return ModelDiff::compute(a.value().model, m_model);
}

} // namespace cb
