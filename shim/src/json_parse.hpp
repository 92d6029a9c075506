// The one way the shim parses untrusted JSON.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string_view>

namespace profiles::json {

// A document for a request body. Its values start in a buffer inside the object rather than in
// the 64 KB heap chunk a plain rapidjson::Document takes on its first value, so parsing the
// small body of an ordinary request allocates next to nothing; larger documents continue on
// the heap as usual. Not copyable: the document points into the buffer.
class SmallDocument {
  public:
    SmallDocument() = default;
    SmallDocument(const SmallDocument&) = delete;
    SmallDocument& operator=(const SmallDocument&) = delete;

    rapidjson::Document& get() { return doc_; }

  private:
    alignas(std::max_align_t) char buffer_[2048];
    rapidjson::MemoryPoolAllocator<> allocator_{buffer_, sizeof buffer_};
    rapidjson::Document doc_{&allocator_};
};

// Parses `text` with an iterative parser (deep nesting cannot exhaust the stack) that rejects
// invalid UTF-8 and trailing garbage. True when it is a JSON document.
bool parse(std::string_view text, rapidjson::Document& doc);

// As parse(), and the document must be an object whose member names are all distinct:
// with duplicates, two readers could honestly disagree on what a token or request says.
bool parse_object(std::string_view text, rapidjson::Document& doc);

// True when two members of `object` share a name (not looking into nested values).
bool has_duplicate_members(const rapidjson::Value& object);

// The member's value when present, else nullptr.
const rapidjson::Value* find(const rapidjson::Value& object, const char* name);

} // namespace profiles::json
