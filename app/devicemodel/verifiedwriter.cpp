#include "verifiedwriter.h"

#include "devicemodel/configurationkeymapping.h"
#include "devicemodel/writebatcher.h"
#include "devicemodelcontext.h"

#include <QJsonArray>

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

QString itemKey(const QJsonObject &o)
{
    return itemKey(o.value(QLatin1String("component")).toObject(), o.value(QLatin1String("variable")).toObject(),
                   o.value(QLatin1String("attributeType")).toString());
}

} // namespace

VerifiedWriter::VerifiedWriter(DeviceModelContext &context) : d(context) {}

QString VerifiedWriter::dataTypeOf(const WriteItem &item) const
{
    const DeviceModelEntry *e = d.model().find(item.component, item.variable);
    if (e && e->characteristics)
        return e->characteristics->dataType;
    return ConfigurationKeyMapping::dataTypeFor(item.variable.name);
}

// Reads DeviceDataCtrlr.ItemsPerMessage/BytesPerMessage [SetVariables]/[GetVariables] when the
// model does not hold them yet (no report read so far).
void VerifiedWriter::ensureLimits(std::function<void()> then)
{
    const ComponentRef ctrl{QStringLiteral("DeviceDataCtrlr"), {}, {}, {}};
    const QStringList names{QStringLiteral("ItemsPerMessage"), QStringLiteral("BytesPerMessage")};
    const QStringList instances{QStringLiteral("SetVariables"), QStringLiteral("GetVariables")};
    QJsonArray wanted;
    for (const QString &n : names)
        for (const QString &i : instances)
            if (!d.model().find(ctrl, VariableRef{n, i}))
                wanted.append(QJsonObject{{QStringLiteral("component"), ctrl.toJson()}, {QStringLiteral("variable"), VariableRef{n, i}.toJson()}});
    if (wanted.isEmpty()) {
        then();
        return;
    }
    d.run(QStringLiteral("get-variables"), QJsonObject{{QStringLiteral("variables"), wanted}}, [this, then](const CallOutcome &o) {
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
                d.model().upsert(e);
            }
        }
        then();
    });
}

void VerifiedWriter::write(int op, const QList<WriteItem> &items, bool verify, std::function<void(Results)> done)
{
    const auto v = d.link.version();
    if (!d.link.isConnected() || !v) {
        Results results;
        for (const WriteItem &i : items)
            results.append(WriteResult{i, WriteStatus::Failed, d.notConnected(), VerifyState::NotChecked, {}});
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
                Q_EMIT d.q->itemResult(op, r);
            } else if (r.status == WriteStatus::Accepted && verify) {
                accepted.append(i);
            }
        }
        if (accepted.isEmpty()) {
            done(*results);
            return;
        }
        this->verify(op, results, accepted, [done, results] { done(*results); });
    };
    if (*v == OcppVersion::V16) {
        changeConfigurationFrom(op, results, 0, afterWrites);
        return;
    }
    ensureLimits([this, op, results, afterWrites] {
        const WriteBatcher::Limits limits = WriteBatcher::limitsFrom(d.model(), QStringLiteral("SetVariables"));
        QList<WriteItem> all;
        for (const WriteResult &r : *results)
            all.append(r.item);
        const QList<QJsonObject> batches = WriteBatcher::setVariables(all, limits);
        setVariablesFrom(op, results, batches, 0, afterWrites);
    });
}

void VerifiedWriter::setVariablesFrom(int op, std::shared_ptr<Results> results, QList<QJsonObject> batches, qsizetype index,
                                      std::function<void()> then)
{
    if (index == batches.size()) {
        then();
        return;
    }
    const QJsonObject payload = batches.at(index);
    // The batch's SetVariableData entries are the operation's variables as they are.
    d.run(QStringLiteral("set-variables"), QJsonObject{{QStringLiteral("variables"), payload.value(QLatin1String("setVariableData"))}},
          [=, this](const CallOutcome &o) {
        QHash<QString, QJsonObject> byKey;
        if (o.ok())
            for (const QJsonValue &v : o.payload.value(QLatin1String("setVariableResult")).toArray())
                byKey.insert(itemKey(v.toObject()), v.toObject());
        for (const QJsonValue &sent : payload.value(QLatin1String("setVariableData")).toArray()) {
            const QString key = itemKey(sent.toObject());
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
                Q_EMIT d.q->itemResult(op, r);
                break;
            }
        }
        Q_EMIT d.q->writeProgress(op, int(std::count_if(results->cbegin(), results->cend(),
                                                        [](const WriteResult &r) { return r.status != WriteStatus::Pending; })),
                                  int(results->size()));
        setVariablesFrom(op, results, batches, index + 1, then);
    });
}

void VerifiedWriter::changeConfigurationFrom(int op, std::shared_ptr<Results> results, qsizetype index, std::function<void()> then)
{
    if (index == results->size()) {
        then();
        return;
    }
    const WriteItem item = results->at(index).item;
    const QJsonObject variable{{QStringLiteral("key"), item.variable.name}, {QStringLiteral("value"), item.value}};
    d.run(QStringLiteral("set-variables"), QJsonObject{{QStringLiteral("variables"), QJsonArray{variable}}},
           [=, this](const CallOutcome &o) {
               WriteResult &r = (*results)[index];
               if (!o.ok()) {
                   r.status = WriteStatus::Failed;
                   r.statusInfo = o.describe();
               } else {
                   r.status = writeStatusFromName(o.payload.value(QLatin1String("status")).toString());
               }
               Q_EMIT d.q->itemResult(op, r);
               Q_EMIT d.q->writeProgress(op, int(index + 1), int(results->size()));
               changeConfigurationFrom(op, results, index + 1, then);
           });
}

void VerifiedWriter::verify(int op, std::shared_ptr<Results> results, const QList<qsizetype> &indexes, std::function<void()> then)
{
    const auto v = d.link.version();
    if (!d.link.isConnected() || !v) {
        for (qsizetype i : indexes) {
            (*results)[i].verify = VerifyState::Unreadable;
            (*results)[i].statusInfo = d.notConnected();
            Q_EMIT d.q->itemResult(op, results->at(i));
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
            if (d.model().setValue(r.item.component, r.item.variable, r.item.attributeType, *value))
                Q_EMIT d.q->modelChanged();
        } else {
            r.verify = VerifyState::Mismatch;
        }
        Q_EMIT d.q->itemResult(op, r);
    };
    if (*v == OcppVersion::V16)
        verify16(results, indexes, settle, std::move(then));
    else
        verify2x(results, indexes, settle, std::move(then));
}

void VerifiedWriter::verify16(std::shared_ptr<Results> results, const QList<qsizetype> &indexes,
                              std::function<void(qsizetype, std::optional<QString>, const QString &)> settle, std::function<void()> then)
{
    QStringList keys;
    for (qsizetype i : indexes)
        keys.append(results->at(i).item.variable.name);
    keys.removeDuplicates();
    const int max = d.configurationMaxKeys();
    auto found = std::make_shared<QHash<QString, std::optional<QString>>>();
    auto step = std::make_shared<std::function<void(qsizetype)>>();
    // Held weakly by itself, strongly by the call in flight (see ReportReader::readConfiguration).
    *step = [=, this, weakStep = std::weak_ptr(step)](qsizetype from) {
        if (from >= keys.size()) {
            for (qsizetype i : indexes) {
                const QString k = results->at(i).item.variable.name.toCaseFolded();
                settle(i, found->value(k), found->contains(k) ? QString() : tr("The station did not report this key."));
            }
            then();
            return;
        }
        d.run(QStringLiteral("get-variables"), QJsonObject{{QStringLiteral("variables"), QJsonArray::fromStringList(keys.mid(from, max))}},
               [=, step = weakStep.lock()](const CallOutcome &o) {
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
}

void VerifiedWriter::verify2x(std::shared_ptr<Results> results, const QList<qsizetype> &indexes,
                              std::function<void(qsizetype, std::optional<QString>, const QString &)> settle, std::function<void()> then)
{
    QList<WriteItem> items;
    for (qsizetype i : indexes)
        items.append(results->at(i).item);
    const QList<QJsonObject> batches = WriteBatcher::getVariables(items, WriteBatcher::limitsFrom(d.model(), QStringLiteral("GetVariables")));
    auto step = std::make_shared<std::function<void(qsizetype)>>();
    *step = [=, this, weakStep = std::weak_ptr(step)](qsizetype b) {
        if (b == batches.size()) {
            then();
            return;
        }
        d.run(QStringLiteral("get-variables"), QJsonObject{{QStringLiteral("variables"), batches.at(b).value(QLatin1String("getVariableData"))}},
              [=, step = weakStep.lock()](const CallOutcome &o) {
            QHash<QString, QJsonObject> byKey;
            if (o.ok())
                for (const QJsonValue &v : o.payload.value(QLatin1String("getVariableResult")).toArray())
                    byKey.insert(itemKey(v.toObject()), v.toObject());
            for (const QJsonValue &asked : batches.at(b).value(QLatin1String("getVariableData")).toArray()) {
                const QString key = itemKey(asked.toObject());
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

} // namespace cb
