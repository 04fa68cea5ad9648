#include "pendingeditcommand.h"

#include "devicemodeltreemodel.h"

namespace cb::dm {

PendingEditCommand::PendingEditCommand(DeviceModelTreeModel &model, QList<Change> changes, const QString &text)
    : m_model(model), m_changes(std::move(changes))
{
    setText(text);
}

void PendingEditCommand::undo() { apply(false); }

void PendingEditCommand::redo() { apply(true); }

void PendingEditCommand::apply(bool forward)
{
    for (const Change &c : std::as_const(m_changes)) {
        const qsizetype entry = m_model.deviceModel().indexOf(c.entryKey);
        if (entry >= 0)
            m_model.putPending(int(entry), c.attributeType, forward ? c.after : c.before);
    }
}

} // namespace cb::dm
