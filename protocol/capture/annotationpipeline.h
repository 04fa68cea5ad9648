#pragma once

#include "capturerecord.h"
#include "ocppannotator.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace cb::capture {

// A frame waiting for its connection's CALL/reply matching and schema check.
struct PendingFrame
{
    std::size_t index = 0; // into AnnotationBatch::records
    OcppAnnotator *annotator = nullptr;
    OcppAnnotator::Decoded decoded; // set only when the batch is `parsed`
};

// Records read from the capture in file order, with the frames still to annotate.
struct AnnotationBatch
{
    std::vector<CaptureRecord> records;
    std::vector<PendingFrame> pending;
    // True when the reading thread parsed the pending frames' JSON (OcppAnnotator::decode) as it
    // read them; otherwise the worker parses each frame just before annotating it.
    bool parsed = false;
};

// The second stage of the import: one worker thread matches replies to CALLs and validates the
// payloads of batch after batch, in file order, while the importer's thread reads packets. The
// JSON parse, the largest single cost, goes to whichever thread has time for it: the importer
// parses a batch itself only while the worker is behind (see PcapImporter), so both cores stay
// busy. One worker, not one per core, keeps each annotator on a single thread, so the matching
// and therefore every verdict are the same as when annotating inline; batches come back in the
// order they were submitted.
class AnnotationPipeline
{
public:
    AnnotationPipeline();
    ~AnnotationPipeline(); // waits for the batches in flight
    AnnotationPipeline(const AnnotationPipeline &) = delete;
    AnnotationPipeline &operator=(const AnnotationPipeline &) = delete;

    void submit(AnnotationBatch &&batch);
    // Batches submitted and not yet taken back.
    std::size_t inFlight() const;
    // Batches submitted and not yet annotated.
    std::size_t waiting() const;
    // The oldest submitted batch once annotated; when `wait` is false, only if it is ready.
    bool takeNext(AnnotationBatch &out, bool wait);

private:
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // work for the worker, or stop
    std::condition_variable m_done; // a batch was annotated
    std::deque<AnnotationBatch> m_queue; // submitted, oldest first; the first m_ready are done
    std::size_t m_ready = 0;
    std::size_t m_busy = 0; // 1 while the worker annotates m_queue[m_ready] outside the lock
    bool m_stop = false;
    std::thread m_worker;
};

} // namespace cb::capture
