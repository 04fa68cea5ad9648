#include "listselectioneditor.h"

#include <QKeyEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace cb::dm {

ListSelectionEditor::ListSelectionEditor(bool ordered, QWidget *parent) : QWidget(parent), m_ordered(ordered)
{
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(ordered ? tr("Sequence: checked items in this order") : tr("Members: checked items"));
    layout->addWidget(m_list, 1);
    setFocusProxy(m_list);
    if (!ordered)
        return;
    auto *buttons = new QVBoxLayout;
    m_up = new QToolButton(this);
    m_up->setArrowType(Qt::UpArrow);
    m_up->setToolTip(tr("Move up (Alt+Up)"));
    m_down = new QToolButton(this);
    m_down->setArrowType(Qt::DownArrow);
    m_down->setToolTip(tr("Move down (Alt+Down)"));
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch();
    layout->addLayout(buttons);
    connect(m_up, &QToolButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveCurrent(1); });
    // Alt+Up/Down as keys of the list itself: an item editor is rarely in an active window's
    // shortcut map early enough, and the list must not turn them into plain Up/Down.
    m_list->installEventFilter(this);
}

bool ListSelectionEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->modifiers() == Qt::AltModifier && (key->key() == Qt::Key_Up || key->key() == Qt::Key_Down)) {
            moveCurrent(key->key() == Qt::Key_Up ? -1 : 1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ListSelectionEditor::setOptions(const QStringList &all, const QStringList &selected)
{
    m_list->clear();
    QStringList order;
    if (m_ordered) {
        for (const QString &s : selected)
            if (all.contains(s) && !order.contains(s))
                order << s;
    }
    for (const QString &s : all)
        if (!order.contains(s))
            order << s;
    for (const QString &s : order) {
        auto *item = new QListWidgetItem(s, m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(selected.contains(s) ? Qt::Checked : Qt::Unchecked);
    }
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
}

QStringList ListSelectionEditor::selected() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->checkState() == Qt::Checked)
            out << m_list->item(i)->text();
    return out;
}

void ListSelectionEditor::setChecked(const QString &value, bool on)
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->text() == value)
            m_list->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
}

void ListSelectionEditor::moveCurrent(int delta)
{
    const int from = m_list->currentRow();
    const int to = from + delta;
    if (!m_ordered || from < 0 || to < 0 || to >= m_list->count())
        return;
    QListWidgetItem *item = m_list->takeItem(from);
    m_list->insertItem(to, item);
    m_list->setCurrentRow(to);
}

} // namespace cb::dm
