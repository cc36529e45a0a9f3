// The MilterKit target.
