#pragma once

#include "common/result.h"
#include "station/operations/operationspec.h"

#include <QJsonObject>
#include <QList>
#include <QPointer>

class QComboBox;
class QSpinBox;
class QWidget;

namespace cb {

// The inputs of one operation for one OCPP version, drawn from its parameters in the operation
// table: one widget per parameter the version has (objectName "<operation>.<parameter>"), and the
// version-neutral arguments they describe. Checking and building the CALL stay with the table.
class OperationInputs
{
public:
    // `remoteStartId` is the value a RemoteStartId input starts from.
    OperationInputs(const OperationSpec &spec, OcppVersion version, QWidget *parent, int remoteStartId);

    // The labelled inputs, or a short note when the operation takes no parameters.
    QWidget *widget() const { return m_widget; }
    // Empty inputs of optional parameters are left out so the table's defaults apply; JSON inputs
    // are read as the CLI reads them (JSON, or the operation's short text form).
    Result<QJsonObject> arguments() const;

    // Inputs that offer the station's running transactions.
    QList<QComboBox *> transactionInputs() const;
    // The input that counts remote start ids up after each start, if any.
    QSpinBox *remoteStartInput() const { return m_remoteStart; }

private:
    struct Input
    {
        const OperationParameter *parameter = nullptr;
        QPointer<QWidget> widget;
    };

    QWidget *createInput(const OperationParameter &p, QWidget *parent, int remoteStartId);

    const OperationSpec &m_spec;
    OcppVersion m_version;
    QWidget *m_widget = nullptr;
    QList<Input> m_inputs;
    QPointer<QSpinBox> m_remoteStart;
};

} // namespace cb
