#include "annotationpipeline.h"

namespace cb::capture {

namespace {

void annotate(AnnotationBatch &batch)
{
    if (batch.parsed) {
        // The parsed JSON stays in the batch: the importer's thread allocated it and frees it too,
        // which spares malloc the cross-thread frees.
        for (const PendingFrame &p : batch.pending) {
            CaptureRecord &frame = batch.records[p.index];
            if (auto check = p.annotator->apply(frame, p.decoded))
                check->run(frame);
        }
        return;
    }
    // Parsed here, checked while still in cache, and freed by the thread that allocated it.
    for (const PendingFrame &p : batch.pending) {
        CaptureRecord &frame = batch.records[p.index];
        const OcppAnnotator::Decoded decoded = p.annotator->decode(frame.data);
        if (auto check = p.annotator->apply(frame, decoded))
            check->run(frame);
    }
}

} // namespace

AnnotationPipeline::AnnotationPipeline() : m_worker([this] { run(); }) {}

AnnotationPipeline::~AnnotationPipeline()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_worker.join();
}

void AnnotationPipeline::submit(AnnotationBatch &&batch)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(batch));
    }
    m_wake.notify_one();
}

std::size_t AnnotationPipeline::inFlight() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.size();
}

std::size_t AnnotationPipeline::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.size() - m_ready;
}

bool AnnotationPipeline::takeNext(AnnotationBatch &out, bool wait)
{
    std::unique_lock lock(m_mutex);
    if (wait)
        m_done.wait(lock, [this] { return m_ready > 0 || m_queue.empty(); });
    if (m_ready == 0)
        return false;
    out = std::move(m_queue.front());
    m_queue.pop_front(); // the worker holds a reference only to m_queue[m_ready], never the front
    --m_ready;
    return true;
}

void AnnotationPipeline::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_ready < m_queue.size(); });
        if (m_ready >= m_queue.size())
            return; // stopped with nothing left
        // deque::push_back and pop_front of other elements keep this reference valid.
        AnnotationBatch &batch = m_queue[m_ready];
        lock.unlock();
        annotate(batch);
        lock.lock();
        ++m_ready;
        m_done.notify_one();
    }
}

} // namespace cb::capture
