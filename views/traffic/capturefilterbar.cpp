#include "captureview.h"

#include "capturebrowse/capturesession.h"
#include "capturetablemodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

// CaptureView's filter bar: its widgets, and the FrameViewFilter they stand for, read and set.
namespace cb {

void CaptureView::buildFilterBar()
{
    auto *bar = new QHBoxLayout;
    bar->setSpacing(6);
    m_stationBox = new QWidget(this);
    auto *stationLayout = new QHBoxLayout(m_stationBox);
    stationLayout->setContentsMargins(0, 0, 0, 0);
    m_station = new QComboBox(m_stationBox);
    m_station->setObjectName(QStringLiteral("stationFilter"));
    m_station->setEditable(true);
    m_station->addItem(tr("All stations"), QString());
    m_station->setMinimumContentsLength(10);
    auto *stationLabel = new QLabel(tr("&Station"), m_stationBox);
    stationLabel->setBuddy(m_station);
    stationLayout->addWidget(stationLabel);
    stationLayout->addWidget(m_station);
    bar->addWidget(m_stationBox);

    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("actionFilter"));
    m_action->setEditable(true);
    m_action->addItem(tr("All actions"), QString());
    m_action->setMinimumContentsLength(14);
    auto *actionLabel = new QLabel(tr("&Action"), this);
    actionLabel->setBuddy(m_action);
    bar->addWidget(actionLabel);
    bar->addWidget(m_action);

    m_direction = new QComboBox(this);
    m_direction->setObjectName(QStringLiteral("directionFilter"));
    m_direction->addItem(tr("Both directions"), int(FrameViewFilter::Direction::Any));
    m_direction->addItem(tr("CP \u2192 CSMS"), int(FrameViewFilter::Direction::Received));
    m_direction->addItem(tr("CSMS \u2192 CP"), int(FrameViewFilter::Direction::Sent));
    bar->addWidget(m_direction);

    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("typeFilter"));
    m_type->addItem(tr("All types"), FrameViewFilter::kAnyType);
    for (int t = 2; t <= 6; ++t) {
        FrameRow sample;
        sample.messageType = qint8(t);
        m_type->addItem(CaptureTableModel::typeText(sample), t);
    }
    m_type->addItem(tr("Connection events"), FrameViewFilter::kEventsType);
    m_type->addItem(tr("Undecodable"), FrameViewFilter::kUndecodableType);
    bar->addWidget(m_type);

    m_problems = new QCheckBox(tr("Only &problems"), this);
    m_problems->setObjectName(QStringLiteral("problemsFilter"));
    m_problems->setToolTip(tr("Frames recorded with a problem and frames named by lint findings"));
    bar->addWidget(m_problems);
    bar->addStretch();

    auto *bar2 = new QHBoxLayout;
    bar2->setSpacing(6);
    m_timeRange = new QCheckBox(tr("&From"), this);
    m_timeRange->setObjectName(QStringLiteral("timeFilter"));
    m_from = new QDateTimeEdit(this);
    m_to = new QDateTimeEdit(this);
    for (QDateTimeEdit *e : {m_from, m_to}) {
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        e->setEnabled(false);
    }
    bar2->addWidget(m_timeRange);
    bar2->addWidget(m_from);
    bar2->addWidget(new QLabel(tr("to"), this));
    bar2->addWidget(m_to);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchFilter"));
    m_search->setPlaceholderText(tr("Search payloads (words, e.g. Accepted or an idTag)"));
    m_search->setClearButtonEnabled(true);
    auto *searchLabel = new QLabel(tr("Searc&h"), this);
    searchLabel->setBuddy(m_search);
    bar2->addWidget(searchLabel);
    bar2->addWidget(m_search, 1);
    auto *clear = new QPushButton(tr("C&lear filters"), this);
    bar2->addWidget(clear);

    auto *outer = qobject_cast<QVBoxLayout *>(layout());
    outer->addLayout(bar);
    outer->addLayout(bar2);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(300);
    connect(&m_searchDelay, &QTimer::timeout, this, &CaptureView::applyFilterFromWidgets);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &CaptureView::applyFilterFromWidgets);
    for (QComboBox *c : {m_station, m_action})
        connect(c, &QComboBox::currentTextChanged, this, &CaptureView::applyFilterFromWidgets);
    for (QComboBox *c : {m_direction, m_type})
        connect(c, &QComboBox::currentIndexChanged, this, &CaptureView::applyFilterFromWidgets);
    connect(m_problems, &QCheckBox::toggled, this, &CaptureView::applyFilterFromWidgets);
    connect(m_timeRange, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        applyFilterFromWidgets();
    });
    connect(m_from, &QDateTimeEdit::editingFinished, this, &CaptureView::applyFilterFromWidgets);
    connect(m_to, &QDateTimeEdit::editingFinished, this, &CaptureView::applyFilterFromWidgets);
    connect(clear, &QPushButton::clicked, this, [this] { setFilter(FrameViewFilter{}); });
}

FrameViewFilter CaptureView::filter() const
{
    FrameViewFilter f;
    if (!m_lockedStation.isEmpty()) {
        f.stationId = m_lockedStation;
    } else {
        const QString s = m_station->currentText().trimmed();
        f.stationId = s == m_station->itemText(0) ? QString() : s;
    }
    const QString a = m_action->currentText().trimmed();
    f.action = a == m_action->itemText(0) ? QString() : a;
    f.direction = FrameViewFilter::Direction(m_direction->currentData().toInt());
    f.messageType = m_type->currentData().toInt();
    f.onlyProblems = m_problems->isChecked();
    if (m_timeRange->isChecked()) {
        f.fromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
        f.toUs = m_to->dateTime().toMSecsSinceEpoch() * 1000 + 999'999;
    }
    f.search = m_search->text().trimmed();
    return f;
}

void CaptureView::setFilter(const FrameViewFilter &f)
{
    m_settingFilter = true;
    if (m_lockedStation.isEmpty())
        m_station->setCurrentText(f.stationId.isEmpty() ? m_station->itemText(0) : f.stationId);
    m_action->setCurrentText(f.action.isEmpty() ? m_action->itemText(0) : f.action);
    m_direction->setCurrentIndex(m_direction->findData(int(f.direction)));
    m_type->setCurrentIndex(m_type->findData(f.messageType));
    m_problems->setChecked(f.onlyProblems);
    const bool time = f.fromUs || f.toUs;
    if (f.fromUs)
        m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(f.fromUs / 1000));
    if (f.toUs)
        m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(f.toUs / 1000));
    m_timeRange->setChecked(time);
    m_search->setText(f.search);
    m_searchDelay.stop();
    m_settingFilter = false;
    // The widgets hold whole seconds; a filter given in microseconds is applied as given.
    FrameViewFilter applied = filter();
    if (time) {
        applied.fromUs = f.fromUs;
        applied.toUs = f.toUs;
    }
    if (!m_session->path().isEmpty() && applied != m_model->filter())
        m_model->setFilter(applied);
}

void CaptureView::applyFilterFromWidgets()
{
    if (m_settingFilter)
        return;
    const FrameViewFilter f = filter();
    if (!m_session->path().isEmpty() && f != m_model->filter())
        m_model->setFilter(f);
}

} // namespace cb
