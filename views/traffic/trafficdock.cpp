#include "trafficdock.h"

#include "trafficmodel.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>

namespace cb {

TrafficDock::TrafficDock(Workspace &workspace, QWidget *parent) : QDockWidget(tr("Live traffic"), parent)
{
    setObjectName(QStringLiteral("trafficDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 2, 4, 4);

    auto *bar = new QHBoxLayout;
    m_pause = new QCheckBox(tr("&Pause"), body);
    m_pause->setToolTip(tr("Stop adding new frames here; the capture database keeps recording."));
    auto *clear = new QPushButton(tr("C&lear"), body);
    auto *copy = new QPushButton(tr("&Copy JSON"), body);
    m_info = new QLabel(body);
    bar->addWidget(m_pause);
    bar->addWidget(clear);
    bar->addWidget(copy);
    bar->addStretch();
    bar->addWidget(m_info);
    layout->addLayout(bar);

    m_model = new TrafficModel(this);
    m_view = new QTableView(body);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    // Uniform rows keep a long list fast.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    const QList<int> widths{95, 110, 34, 110, 170, 150, 60};
    for (int i = 0; i < widths.size(); ++i)
        m_view->setColumnWidth(i, widths.at(i));

    m_detail = new QPlainTextEdit(body);
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select a frame to see it as JSON."));

    auto *split = new QSplitter(Qt::Horizontal, body);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split);
    setWidget(body);

    connect(&workspace, &Workspace::framesArrived, this, [this](const QList<CaptureRecord> &records) {
        if (m_pause->isChecked()) {
            m_skipped += records.size();
            m_info->setText(tr("paused, %n frame(s) not shown", nullptr, int(m_skipped)));
            return;
        }
        // Follow the newest frames only while the user is at the bottom.
        QScrollBar *sb = m_view->verticalScrollBar();
        const bool atBottom = sb->value() >= sb->maximum() - 2;
        m_model->appendBatch(records);
        if (atBottom)
            m_view->scrollToBottom();
        m_info->setText(tr("%n frame(s) shown (newest %1 kept)", nullptr, m_model->rowCount()).arg(m_model->capacity()));
    });
    connect(m_pause, &QCheckBox::toggled, this, [this](bool on) {
        if (!on) {
            m_skipped = 0;
            m_info->clear();
        }
    });
    connect(clear, &QPushButton::clicked, m_model, &TrafficModel::clear);
    connect(copy, &QPushButton::clicked, this, [this] {
        if (!m_detail->toPlainText().isEmpty())
            QApplication::clipboard()->setText(m_detail->toPlainText());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TrafficDock::showDetail);
}

bool TrafficDock::isPaused() const { return m_pause->isChecked(); }
void TrafficDock::setPaused(bool paused) { m_pause->setChecked(paused); }

void TrafficDock::showDetail()
{
    const QModelIndex i = m_view->currentIndex();
    m_detail->setPlainText(i.isValid() ? m_model->data(i, TrafficModel::RecordTextRole).toString() : QString());
}

} // namespace cb
