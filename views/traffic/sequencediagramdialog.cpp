#include "sequencediagramdialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace cb {

namespace {
class DiagramCanvas : public QWidget
{
public:
    DiagramCanvas(const SequenceDiagram &d, QWidget *parent) : QWidget(parent), m_d(d)
    {
        setFixedSize(d.size());
        setAutoFillBackground(true);
        QPalette pal = palette();
        pal.setColor(QPalette::Window, Qt::white);
        setPalette(pal);
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        m_d.paint(p);
    }

private:
    const SequenceDiagram &m_d;
};
} // namespace

SequenceDiagramDialog::SequenceDiagramDialog(const SequenceDiagram &diagram, QWidget *parent) : QDialog(parent), m_diagram(diagram)
{
    setWindowTitle(tr("Sequence diagram - %n frame(s)", nullptr, m_diagram.stepCount()));
    setObjectName(QStringLiteral("sequenceDiagramDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(new DiagramCanvas(m_diagram, scroll));
    scroll->setBackgroundRole(QPalette::Base);
    layout->addWidget(scroll);
    m_status = new QLabel(this);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *png = buttons->addButton(tr("Save &PNG..."), QDialogButtonBox::ActionRole);
    QPushButton *svg = buttons->addButton(tr("Save S&VG..."), QDialogButtonBox::ActionRole);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(png, &QPushButton::clicked, this, &SequenceDiagramDialog::exportPng);
    connect(svg, &QPushButton::clicked, this, &SequenceDiagramDialog::exportSvg);
    resize(qMin(m_diagram.size().width() + 40, 1200), qMin(m_diagram.size().height() + 100, 800));
}

void SequenceDiagramDialog::exportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the diagram as PNG"), QStringLiteral("sequence.png"),
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    const auto ok = m_diagram.savePng(path);
    m_status->setText(ok ? tr("Saved %1.").arg(path) : ok.error().text());
}

void SequenceDiagramDialog::exportSvg()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the diagram as SVG"), QStringLiteral("sequence.svg"),
                                                      tr("SVG images (*.svg)"));
    if (path.isEmpty())
        return;
    const auto ok = m_diagram.saveSvg(path);
    m_status->setText(ok ? tr("Saved %1.").arg(path) : ok.error().text());
}

} // namespace cb
