/* Never built: slotgen rejects the schema with a located error (it crashed before). */
int main(void)
{
    return 1;
}
