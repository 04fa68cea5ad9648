#pragma once

#include "devicemodel/writeitem.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <functional>
#include <memory>

namespace cb {

struct DeviceModelContext;

// Writes values and checks them by reading them back. 2.x: SetVariables batched within the
// station's DeviceDataCtrlr.ItemsPerMessage/BytesPerMessage [SetVariables] (read first when no
// report holds them), re-read with GetVariables batched likewise. 1.6: one ChangeConfiguration
// per key, re-read with GetConfiguration. A value enters model() only when the re-read returns it.
// Emits itemResult and writeProgress of the service as answers arrive.
class VerifiedWriter
{
    Q_DECLARE_TR_FUNCTIONS(cb::DeviceModelService)
public:
    using Results = QList<dm::WriteResult>;

    explicit VerifiedWriter(DeviceModelContext &context);

    // Writes `items`; with `verify`, re-reads the accepted ones. RebootRequired items come back
    // with VerifyState::AwaitingReboot.
    void write(int op, const QList<dm::WriteItem> &items, bool verify, std::function<void(Results)> done);
    // Re-reads results[indexes] and sets their verify state (and model() when confirmed).
    void verify(int op, std::shared_ptr<Results> results, const QList<qsizetype> &indexes, std::function<void()> then);

private:
    QString dataTypeOf(const dm::WriteItem &item) const;
    void ensureLimits(std::function<void()> then);
    void setVariablesFrom(int op, std::shared_ptr<Results> results, QList<QJsonObject> batches, qsizetype index, std::function<void()> then);
    void changeConfigurationFrom(int op, std::shared_ptr<Results> results, qsizetype index, std::function<void()> then);
    void verify16(std::shared_ptr<Results> results, const QList<qsizetype> &indexes,
                  std::function<void(qsizetype, std::optional<QString>, const QString &)> settle, std::function<void()> then);
    void verify2x(std::shared_ptr<Results> results, const QList<qsizetype> &indexes,
                  std::function<void(qsizetype, std::optional<QString>, const QString &)> settle, std::function<void()> then);

    DeviceModelContext &d;
};

} // namespace cb
