#pragma once

#include "sequencediagram.h"

#include <QDialog>

class QLabel;

namespace cb {

// Shows a SequenceDiagram (scrollable) with PNG and SVG export.
class SequenceDiagramDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SequenceDiagramDialog(const SequenceDiagram &diagram, QWidget *parent = nullptr);

    const SequenceDiagram &diagram() const { return m_diagram; }
    // Asks for a file name, then writes it; failures are shown in the dialog.
    void exportPng();
    void exportSvg();

private:
    SequenceDiagram m_diagram;
    QLabel *m_status;
};

} // namespace cb
